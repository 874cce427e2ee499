import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries. A feature (src/features/<name>/, flat: no sub-folders) imports only its own
 * files, src/lib/ and src/components/, never another feature: so any `../x` import from a feature
 * leaves it and is refused (`../../lib/...` and `../../components/...` are the way out). lib/ and
 * components/ are shared and import no feature and not the app. Only src/app/ composes features.
 */
const features = readdirSync(new URL('./src/features', import.meta.url));
const featureBoundaries = features.map((name) => ({
  files: [`src/features/${name}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^\\.\\./(?!\\.\\./)',
            message: `A feature never imports another feature: move shared code to src/lib or src/components (in ${name}).`,
          },
          {
            regex: '^\\.\\./\\.\\./(features|app)/',
            message: 'A feature never imports another feature or the app.',
          },
        ],
      },
    ],
  },
}));
const sharedBoundaries = {
  files: ['src/lib/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
  ignores: ['src/**/*.test.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)(features|app)/',
            message: 'Shared code (lib, components) imports no feature and not the app.',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-syntax': [
        'error',
        // Message content must only ever be rendered as text.
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Never render user content as HTML (see README: text rendering rule).',
        },
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Never assign innerHTML.',
        },
        // No barrel files: import from the file that defines a thing.
        {
          selector: 'ExportAllDeclaration',
          message: 'No re-exports (barrel files): import from the defining file.',
        },
        {
          selector: 'ExportNamedDeclaration[source]',
          message: 'No re-exports (barrel files): import from the defining file.',
        },
      ],
    },
  },
  ...featureBoundaries,
  sharedBoundaries,
  {
    // Tests render the whole app; they may import across features.
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['*.js', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
