/**
 * The emoji picker's data: Emojibase's English data set (`emojibase-data`, from Unicode's emoji
 * files and CLDR's names), bundled as its own chunk and loaded the first time a picker opens.
 */

export interface EmojiEntry {
  /** The emoji as sent to the server (emoji presentation, with its VS16 where it has one). */
  emoji: string;
  /** Its CLDR name, the accessible name of its option. */
  label: string;
  /** Name and keywords, lower case, for the search box. */
  terms: string;
  /**
   * The emoji in skin tones 1-5 (index tone - 1), for those that take a modifier (👍 -> 👍🏽); a
   * sequence of several people takes the same tone for each (🫱🏽‍🫲🏽).
   */
  skins?: string[];
}

export interface EmojiCategory {
  key: string;
  label: string;
  /** The emoji standing for the category on its tab. */
  icon: string;
  emojis: EmojiEntry[];
}

/** Emojibase's group numbers; group 2 (skin tones, hair) is made of components, not emoji to pick. */
const GROUPS: Record<number, Omit<EmojiCategory, 'emojis'>> = {
  0: { key: 'smileys', label: 'Smileys & emotion', icon: '😀' },
  1: { key: 'people', label: 'People & body', icon: '👋' },
  3: { key: 'nature', label: 'Animals & nature', icon: '🐻' },
  4: { key: 'food', label: 'Food & drink', icon: '🍔' },
  5: { key: 'travel', label: 'Travel & places', icon: '✈️' },
  6: { key: 'activities', label: 'Activities', icon: '⚽' },
  7: { key: 'objects', label: 'Objects', icon: '💡' },
  8: { key: 'symbols', label: 'Symbols', icon: '🔣' },
  9: { key: 'flags', label: 'Flags', icon: '🏁' },
};

/**
 * Emoji newer than this are left out: the server checks reactions with its JDK's Unicode tables,
 * and Java 21 (the oldest runtime it supports) knows Unicode 15 (Emoji 15.1 added only sequences
 * of older characters).
 */
export const MAX_EMOJI_VERSION = 15.1;

/** The fields of an Emojibase entry that the picker uses. */
export interface EmojibaseEntry {
  emoji: string;
  label: string;
  group?: number;
  order?: number;
  tags?: string[];
  version: number;
  skins?: { emoji: string; tone?: number | number[]; version: number }[];
}

/** The skin-tone choices: 0 is the default (yellow) emoji, 1-5 the Fitzpatrick modifiers 🏻-🏿. */
export const SKIN_TONES = [
  { tone: 0, label: 'Default skin tone', swatch: '✋' },
  { tone: 1, label: 'Light skin tone', swatch: '✋🏻' },
  { tone: 2, label: 'Medium-light skin tone', swatch: '✋🏼' },
  { tone: 3, label: 'Medium skin tone', swatch: '✋🏽' },
  { tone: 4, label: 'Medium-dark skin tone', swatch: '✋🏾' },
  { tone: 5, label: 'Dark skin tone', swatch: '✋🏿' },
] as const;

/** The emoji in this skin tone where it takes one, else as it is. */
export function withSkinTone(entry: EmojiEntry, tone: number): string {
  return (tone > 0 && entry.skins?.[tone - 1]) || entry.emoji;
}

/** Tones 1-5 of an entry (one tone for every person of a sequence), or undefined when it has none. */
function skinsOf(e: EmojibaseEntry): string[] | undefined {
  if (!e.skins) return undefined;
  const skins = [1, 2, 3, 4, 5].map((tone) => {
    const skin = e.skins!.find(
      (s) =>
        s.version <= MAX_EMOJI_VERSION &&
        (Array.isArray(s.tone) ? s.tone.every((t) => t === tone) : s.tone === tone),
    );
    return skin && canonicalEmoji(skin.emoji);
  });
  return skins.every(Boolean) ? (skins as string[]) : undefined;
}

/**
 * The fully-qualified form (Unicode's emoji-test.txt) that other clients send too: Emojibase adds
 * VS16 to characters that are emoji by default (👍 + U+FE0F), and the server would count that as an
 * emoji different from plain 👍. A VS16 stays where it is needed (❤️, ☺️).
 */
export function canonicalEmoji(emoji: string): string {
  return emoji.replace(/(\p{Emoji_Presentation})\uFE0F/gu, '$1');
}

/** Emojibase entries to the picker's categories, in Unicode's order. */
export function toCategories(entries: readonly EmojibaseEntry[]): EmojiCategory[] {
  const byGroup = new Map<number, { order: number; entry: EmojiEntry }[]>();
  for (const e of entries) {
    if (e.group === undefined || !GROUPS[e.group] || e.version > MAX_EMOJI_VERSION) continue;
    const list = byGroup.get(e.group) ?? [];
    list.push({
      order: e.order ?? Number.MAX_SAFE_INTEGER,
      entry: {
        emoji: canonicalEmoji(e.emoji),
        label: e.label,
        terms: [e.label, ...(e.tags ?? [])].join(' ').toLowerCase(),
        skins: skinsOf(e),
      },
    });
    byGroup.set(e.group, list);
  }
  return Object.entries(GROUPS).map(([group, category]) => ({
    ...category,
    emojis: (byGroup.get(Number(group)) ?? [])
      .sort((a, b) => a.order - b.order)
      .map((x) => x.entry),
  }));
}

/** Loads the data set (a chunk of its own, fetched once). */
export async function loadEmojiCategories(): Promise<EmojiCategory[]> {
  const data = (await import('emojibase-data/en/data.json')).default as EmojibaseEntry[];
  return toCategories(data);
}

/**
 * Emoji whose name or keywords contain every word of the query: the name itself first, then names
 * starting with it, then names containing it, then keyword matches ("rocket" before the astronauts
 * tagged with it); in category order within each.
 */
export function searchEmoji(categories: readonly EmojiCategory[], query: string): EmojiEntry[] {
  const q = query.trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const rank = (e: EmojiEntry) => {
    const label = e.label.toLowerCase();
    if (label === q) return 0;
    if (label.startsWith(q)) return 1;
    return words.every((w) => label.includes(w)) ? 2 : 3;
  };
  return categories
    .flatMap((c) => c.emojis.filter((e) => words.every((w) => e.terms.includes(w))))
    .map((entry, i) => ({ entry, i, rank: rank(entry) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.entry);
}
