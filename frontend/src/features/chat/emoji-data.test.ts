import { describe, expect, it } from 'vitest';
import {
  MAX_EMOJI_VERSION,
  canonicalEmoji,
  loadEmojiCategories,
  searchEmoji,
  toCategories,
} from './emoji-data';

describe('emoji data', () => {
  it('groups emoji by category in Unicode order, without components or emoji the server cannot know', () => {
    const categories = toCategories([
      { emoji: '😃', label: 'grinning face with big eyes', group: 0, order: 2, version: 0.6 },
      { emoji: '😀', label: 'grinning face', group: 0, order: 1, version: 1, tags: ['grin'] },
      { emoji: '🏻', label: 'light skin tone', group: 2, order: 5, version: 1 },
      { emoji: '🫩', label: 'face with bags under eyes', group: 0, order: 3, version: 16 },
      { emoji: '🇫🇷', label: 'flag: France', group: 9, order: 9, version: 2 },
    ]);
    const smileys = categories.find((c) => c.key === 'smileys')!;
    expect(smileys.emojis.map((e) => e.emoji)).toEqual(['😀', '😃']);
    expect(categories.find((c) => c.key === 'flags')!.emojis.map((e) => e.emoji)).toEqual(['🇫🇷']);
    expect(categories.flatMap((c) => c.emojis).map((e) => e.emoji)).not.toContain('🏻');
    expect(searchEmoji(categories, 'grin')).toHaveLength(2);
    expect(searchEmoji(categories, 'GRINNING big')).toEqual([smileys.emojis[1]]);
    expect(searchEmoji(categories, '  ')).toEqual([]);
  });

  it('keeps VS16 only where the character needs it to show as an emoji', () => {
    expect(canonicalEmoji('👍\uFE0F')).toBe('👍');
    expect(canonicalEmoji('❤\uFE0F')).toBe('❤\uFE0F');
    expect(canonicalEmoji('🏳\uFE0F\u200D🌈')).toBe('🏳\uFE0F\u200D🌈');
    expect(canonicalEmoji('🧑\u200D🚀')).toBe('🧑\u200D🚀');
  });

  it('loads the bundled Emojibase data set: every category filled, thumbs up found by name', async () => {
    const categories = await loadEmojiCategories();
    expect(categories).toHaveLength(9);
    for (const c of categories) expect(c.emojis.length).toBeGreaterThan(20);
    const all = categories.flatMap((c) => c.emojis);
    expect(all.length).toBeGreaterThan(1500);
    expect(new Set(all.map((e) => e.emoji)).size).toBe(all.length);
    expect(searchEmoji(categories, 'thumbs up')[0]?.emoji).toBe('👍');
    // the name before the keywords: the astronauts are tagged "rocket"
    expect(searchEmoji(categories, 'rocket').map((e) => e.label)).toEqual([
      'rocket',
      'astronaut',
      'man astronaut',
      'woman astronaut',
    ]);
    // emoji presentation, as the server expects it (VS16 where the character defaults to text)
    expect(all.map((e) => e.emoji)).toContain('❤\uFE0F');
    // the quick reactions are the same strings as their picker entries
    for (const quick of ['👍', '❤️', '😂', '🎉', '👀'])
      expect(all.map((e) => e.emoji)).toContain(quick);
    expect(MAX_EMOJI_VERSION).toBeLessThan(16);
  });
});
