// The docs check of ./chat test: documentation that points nowhere or misses an event is a failing test.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './lib.mjs';

const SKIP = new Set(['node_modules', 'target', 'dist', '.git', '.chat', 'test-results']);

function files(dir, keep, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, keep, out);
    else if (keep(name)) out.push(path);
  }
  return out;
}

/** Relative link targets of a Markdown file: [text](target), without #anchors, skipping URLs and code. */
function relativeLinks(markdown) {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const links = [];
  for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    links.push(decodeURIComponent(target.split('#')[0]));
  }
  return links;
}

describe('docs', () => {
  it('every relative link in a Markdown file resolves inside the repository', () => {
    const broken = [];
    for (const file of files(ROOT, (name) => name.endsWith('.md'))) {
      for (const link of relativeLinks(readFileSync(file, 'utf8'))) {
        const target = link.startsWith('/') ? join(ROOT, link) : resolve(dirname(file), link);
        if (!existsSync(target) || relative(ROOT, target).startsWith('..')) {
          broken.push(`${relative(ROOT, file)} -> ${link}`);
        }
      }
    }
    assert.deepEqual(broken, [], `links that resolve nowhere:\n${broken.join('\n')}`);
  });

  it('every EventType in the code is documented in docs/events.md', () => {
    const source = readFileSync(
      join(ROOT, 'libs/chat-common/src/main/java/io/teamchat/common/events/EventType.java'),
      'utf8',
    );
    const wireNames = [...source.matchAll(/^\s+[A-Z_]+\("([a-z.-]+)"\)[,;]/gm)].map((m) => m[1]);
    assert.ok(wireNames.length >= 5, `found only ${wireNames.length} event types: the pattern no longer matches EventType.java`);
    const events = readFileSync(join(ROOT, 'docs/events.md'), 'utf8');
    const missing = wireNames.filter((name) => !events.includes(`\`${name}\``));
    assert.deepEqual(missing, [], `event types missing from docs/events.md: ${missing.join(', ')}`);
  });
});
