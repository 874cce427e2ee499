import { useId } from 'react';
import { useTheme } from '../lib/theme';
import type { ThemeChoice } from '../lib/theme';

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
];

/** Light, dark or follow the system; remembered across visits. */
export function ThemeToggle() {
  const [choice, setChoice] = useTheme();
  const id = useId();
  return (
    <fieldset className="theme-toggle" data-testid="theme-toggle">
      <legend className="visually-hidden">Theme</legend>
      {CHOICES.map((c) => (
        <label
          key={c.value}
          className={choice === c.value ? 'theme-choice active' : 'theme-choice'}
        >
          <input
            type="radio"
            name={`${id}-theme`}
            value={c.value}
            data-testid={`theme-${c.value}`}
            checked={choice === c.value}
            onChange={() => setChoice(c.value)}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
