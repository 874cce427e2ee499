import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { errorMessage } from '../../lib/api-error';
import { queryKeys } from '../../lib/query-keys';
import { loadEmojiCategories, searchEmoji, SKIN_TONES, withSkinTone } from './emoji-data';
import type { EmojiEntry } from './emoji-data';
import { useSkinTone } from './skin-tone';

/** Emoji per row of the grid; the arrow keys move by one (left, right) or by a row (up, down). */
export const PICKER_COLUMNS = 8;

/**
 * A searchable, categorised emoji picker (a non-modal popup). The search box is a combobox that
 * owns the emoji listbox: typing filters all categories by name and keyword, the arrow keys move
 * through the grid (also with the focus on the grid itself), Enter picks, Escape closes; a click
 * picks too. Category tabs show one category
 * at a time. The skin tone chosen (remembered) applies to the emoji that take one. `onClose` is called on Escape, after a pick and on a click outside.
 */
export function EmojiPicker({
  label,
  onPick,
  onClose,
}: {
  /** The popup's accessible name, e.g. "Add a reaction to alice's message". */
  label: string;
  onPick(emoji: string): void;
  /** `returnFocus`: false when the reader clicked elsewhere (the focus goes there). */
  onClose(returnFocus: boolean): void;
}) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [categoryKey, setCategoryKey] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [skinTone, setSkinTone] = useSkinTone();
  const data = useQuery({
    queryKey: queryKeys.emojiData,
    queryFn: loadEmojiCategories,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const categories = data.data ?? [];
  const category = categories.find((c) => c.key === categoryKey) ?? categories[0];
  const searching = query.trim().length > 0;
  const shown: EmojiEntry[] = searching ? searchEmoji(categories, query) : (category?.emojis ?? []);
  const activeIndex = Math.min(active, shown.length - 1);
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  // A click anywhere else closes the popup.
  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [onClose]);

  // Keep the highlighted emoji in view while the arrow keys move it.
  useEffect(() => {
    if (activeIndex < 0) return;
    document.getElementById(`${id}-option-${activeIndex}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [id, activeIndex, query, categoryKey]);

  // The popup opens below its message: bring it into view.
  useEffect(() => {
    root.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);

  function pick(entry: EmojiEntry | undefined) {
    if (!entry) return;
    onPick(withSkinTone(entry, skinTone));
    onClose(true);
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: PICKER_COLUMNS,
      ArrowUp: -PICKER_COLUMNS,
    };
    const move = moves[e.key];
    if (move !== undefined && shown.length > 0) {
      e.preventDefault();
      setActive(Math.max(0, Math.min(shown.length - 1, activeIndex + move)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(shown[activeIndex]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    }
  }

  return (
    <div
      ref={root}
      className="emoji-picker"
      role="dialog"
      aria-label={label}
      data-testid="emoji-picker"
    >
      <input
        type="search"
        role="combobox"
        aria-label="Search emoji"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        placeholder="Search emoji…"
        data-testid="emoji-search"
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <IconToggles
        label="Emoji categories"
        testId="emoji-category"
        items={categories.map((c) => ({
          key: c.key,
          icon: c.icon,
          label: c.label,
          pressed: !searching && c.key === category?.key,
          onClick: () => {
            setCategoryKey(c.key);
            setQuery('');
            setActive(0);
          },
        }))}
      />
      <IconToggles
        label="Skin tone"
        testId="skin-tone"
        items={SKIN_TONES.map((s) => ({
          key: String(s.tone),
          icon: s.swatch,
          label: s.label,
          pressed: s.tone === skinTone,
          onClick: () => setSkinTone(s.tone),
        }))}
      />
      {data.isPending && <p className="muted small">Loading emoji…</p>}
      {data.error && (
        <p role="alert" className="form-error">
          {errorMessage(data.error)}
        </p>
      )}
      {data.data && (
        <>
          <p className="emoji-heading muted small" aria-hidden="true">
            {searching ? `${shown.length} found` : category?.label}
          </p>
          <div
            id={listId}
            role="listbox"
            aria-label={searching ? `Emoji matching ${query.trim()}` : (category?.label ?? 'Emoji')}
            aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
            // focusable too (a scrolling region must be reachable by keyboard); the same keys work
            tabIndex={0}
            onKeyDown={onKeyDown}
            className="emoji-grid"
            style={{ gridTemplateColumns: `repeat(${PICKER_COLUMNS}, 1fr)` }}
          >
            {shown.map((entry, i) => (
              <div
                key={entry.emoji}
                id={optionId(i)}
                role="option"
                aria-selected={i === activeIndex}
                aria-label={entry.label}
                title={entry.label}
                className={i === activeIndex ? 'emoji-option emoji-active' : 'emoji-option'}
                data-testid="emoji-option"
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => setActive(i)}
                onClick={() => pick(entry)}
              >
                {withSkinTone(entry, skinTone)}
              </div>
            ))}
          </div>
          {searching && shown.length === 0 && (
            <p className="muted small" role="status">
              No emoji match “{query.trim()}”.
            </p>
          )}
          <span className="visually-hidden" aria-live="polite">
            {searching ? `${shown.length} emoji found` : ''}
          </span>
        </>
      )}
    </div>
  );
}

/** A row of the picker's toggles (the category tabs, the skin tones): emoji shown, names read. */
function IconToggles({
  label,
  testId,
  items,
}: {
  label: string;
  testId: string;
  items: { key: string; icon: string; label: string; pressed: boolean; onClick(): void }[];
}) {
  return (
    <div className="emoji-categories" role="group" aria-label={label}>
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          className="emoji-category"
          aria-pressed={item.pressed}
          title={item.label}
          data-testid={testId}
          onClick={item.onClick}
        >
          <span aria-hidden="true">{item.icon}</span>
          <span className="visually-hidden">{item.label}</span>
        </button>
      ))}
    </div>
  );
}
