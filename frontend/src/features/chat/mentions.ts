/**
 * `@` autocomplete, the text part: which `@name` is being typed at the caret, which members match
 * it and what the text becomes once one is chosen. Names follow the server's mention syntax
 * (docs/conversation.md, "Mentions"): 3-50 of `[A-Za-z0-9_.-]`, and `@` inside a word (`a@b.com`)
 * is no mention.
 */

/** The `@` being typed: where it starts in the text and the letters after it (maybe none yet). */
export interface MentionQuery {
  start: number;
  query: string;
}

const TYPING_MENTION = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,50})$/;

/** The mention being typed just before `caret`, or null when the caret is not in one. */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const match = TYPING_MENTION.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

/** `@room` notifies everyone; only the room's owner and administrators may use it. */
export const ROOM_MENTION = 'room';

/** At most this many suggestions at once: the list stays short enough to scan. */
export const MAX_SUGGESTIONS = 8;

/**
 * Suggestions for a query: names starting with it first (any case), then names containing it,
 * each group in alphabetical order; `@room` first when allowed and it matches.
 */
export function mentionOptions(
  query: string,
  usernames: readonly string[],
  canMentionRoom: boolean,
): string[] {
  const q = query.toLowerCase();
  const unique = [...new Set(usernames)].sort((a, b) => a.localeCompare(b));
  const starts = unique.filter((n) => n.toLowerCase().startsWith(q));
  const contains = unique.filter(
    (n) => !n.toLowerCase().startsWith(q) && n.toLowerCase().includes(q),
  );
  const room = canMentionRoom && ROOM_MENTION.startsWith(q) ? [ROOM_MENTION] : [];
  return [...room, ...starts, ...contains].slice(0, MAX_SUGGESTIONS);
}

/** Replaces the typed `@query` with `@name ` and gives the caret position after it. */
export function insertMention(
  text: string,
  mention: MentionQuery,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  // a space already after the caret is kept as the separator
  const rest = text.slice(caret).replace(/^ /, '');
  return {
    text: text.slice(0, mention.start) + inserted + rest,
    caret: mention.start + inserted.length,
  };
}
