import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, TextareaHTMLAttributes } from 'react';
import { ROOM_MENTION, insertMention, mentionOptions, mentionQuery } from './mentions';

/** Who can be mentioned here: the room's other members, and `@room` for its owner and admins. */
export interface MentionCandidates {
  usernames: readonly string[];
  canMentionRoom: boolean;
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>;

interface MentionTextareaProps extends TextareaProps {
  value: string;
  onValueChange(value: string): void;
  candidates: MentionCandidates;
}

/**
 * A textarea with `@` autocomplete: typing `@` and letters lists the matching members under
 * it (ARIA: the textarea owns a listbox through `aria-controls`, the highlighted option is its
 * `aria-activedescendant`; a textarea cannot take the combobox role, so it keeps its textbox role).
 * ArrowUp/ArrowDown move, Enter or Tab choose, Escape closes, a click chooses too. Other keys, and
 * these keys while the list is closed, go to the caller's `onKeyDown` (e.g. Enter sends).
 */
export function MentionTextarea({
  value,
  onValueChange,
  candidates,
  onKeyDown,
  onBlur,
  onFocus,
  ...textareaProps
}: MentionTextareaProps) {
  const listId = `${useId()}-mentions`;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  // Escape closes the list for the mention being typed (by its start), until another one begins.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const placeCaret = useRef<number | null>(null);

  const mention = mentionQuery(value, caret);
  const options = mention
    ? mentionOptions(mention.query, candidates.usernames, candidates.canMentionRoom)
    : [];
  const open = focused && mention !== null && options.length > 0 && dismissedAt !== mention.start;
  const activeIndex = Math.min(active, options.length - 1);
  const optionId = (i: number) => `${listId}-${i}`;

  // After a choice the new text is rendered first, then the caret goes after the inserted name.
  useLayoutEffect(() => {
    const at = placeCaret.current;
    if (at === null || !ref.current) return;
    placeCaret.current = null;
    ref.current.setSelectionRange(at, at);
  }, [value]);

  function choose(name: string) {
    if (!mention) return;
    const next = insertMention(value, mention, caret, name);
    placeCaret.current = next.caret;
    setCaret(next.caret);
    setActive(0);
    onValueChange(next.text);
  }

  function keyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open && mention && !e.nativeEvent.isComposing) {
      const chosen = options[activeIndex];
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + options.length) % options.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && !e.shiftKey)) {
        e.preventDefault();
        if (chosen) choose(chosen);
        return;
      }
      if (e.key === 'Escape') {
        // closes the list only, not whatever contains the textarea
        e.preventDefault();
        e.stopPropagation();
        setDismissedAt(mention.start);
        return;
      }
    }
    onKeyDown?.(e);
  }

  const syncCaret = () => setCaret(ref.current?.selectionStart ?? value.length);

  return (
    <div className="mention-field">
      <textarea
        {...textareaProps}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(activeIndex) : undefined}
        onChange={(e) => {
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setActive(0);
          onValueChange(e.target.value);
        }}
        onKeyDown={keyDown}
        onKeyUp={syncCaret}
        onClick={syncCaret}
        onFocus={(e) => {
          setFocused(true);
          onFocus?.(e);
        }}
        onBlur={(e) => {
          setFocused(false);
          onBlur?.(e);
        }}
      />
      {open && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Mention suggestions"
          className="mention-list"
          data-testid="mention-suggestions"
        >
          {options.map((name, i) => (
            <li
              key={name}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              className={i === activeIndex ? 'mention-option mention-active' : 'mention-option'}
              data-testid="mention-option"
              // keeps the focus (and the caret) in the textarea
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(name)}
            >
              @{name}
              {name === ROOM_MENTION && <span className="muted"> notify everyone here</span>}
            </li>
          ))}
        </ul>
      )}
      <span className="visually-hidden" aria-live="polite">
        {open
          ? `${options.length} ${options.length === 1 ? 'person' : 'people'} to mention: arrow keys to choose, Enter to insert.`
          : ''}
      </span>
    </div>
  );
}
