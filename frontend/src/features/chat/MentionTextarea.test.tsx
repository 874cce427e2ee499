import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { MentionTextarea } from './MentionTextarea';

function Field({
  canMentionRoom = false,
  onEnter = () => undefined,
}: {
  canMentionRoom?: boolean;
  onEnter?: (value: string) => void;
}) {
  const [value, setValue] = useState('');
  return (
    <MentionTextarea
      aria-label="Message"
      value={value}
      onValueChange={setValue}
      candidates={{ usernames: ['bob', 'bobby', 'alice'], canMentionRoom }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onEnter(value);
        }
      }}
    />
  );
}

const input = () => screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
const options = () => screen.queryAllByRole('option').map((o) => o.textContent);
const selected = () => screen.getByRole('option', { selected: true }).textContent;

describe('MentionTextarea', () => {
  it('suggests members after @, moves with the arrow keys and inserts with Enter', async () => {
    const user = userEvent.setup();
    const onEnter = vi.fn();
    render(<Field onEnter={onEnter} />);
    await user.type(input(), 'hi @bo');
    const list = screen.getByRole('listbox', { name: 'Mention suggestions' });
    expect(options()).toEqual(['@bob', '@bobby']);
    // the textarea points at the list and at the highlighted option
    expect(input().getAttribute('aria-controls')).toBe(list.id);
    expect(input().getAttribute('aria-activedescendant')).toBe(
      screen.getByRole('option', { selected: true }).id,
    );
    expect(selected()).toBe('@bob');
    await user.keyboard('{ArrowDown}');
    expect(selected()).toBe('@bobby');
    await user.keyboard('{ArrowDown}');
    expect(selected()).toBe('@bob'); // wraps around
    await user.keyboard('{ArrowUp}');
    expect(selected()).toBe('@bobby');
    await user.keyboard('{Enter}');
    // Enter chose the name; it did not reach the caller (which would send)
    expect(input().value).toBe('hi @bobby ');
    expect(onEnter).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input().selectionStart).toBe('hi @bobby '.length);
    expect(input().getAttribute('aria-activedescendant')).toBeNull();
    await user.keyboard('there{Enter}');
    expect(onEnter).toHaveBeenCalledWith('hi @bobby there');
  });

  it('chooses with Tab and with a click, and Escape closes the list until the next @', async () => {
    const user = userEvent.setup();
    render(<Field />);
    await user.type(input(), '@al');
    await user.keyboard('{Tab}');
    expect(input().value).toBe('@alice ');
    expect(document.activeElement).toBe(input()); // Tab did not leave the field

    await user.type(input(), '@b');
    await user.click(screen.getByRole('option', { name: '@bobby' }));
    expect(input().value).toBe('@alice @bobby ');
    expect(document.activeElement).toBe(input());

    await user.type(input(), '@b');
    expect(options()).toHaveLength(2);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.type(input(), 'o');
    expect(screen.queryByRole('listbox')).toBeNull(); // still the dismissed mention
    await user.type(input(), ' @');
    expect(options()).toEqual(['@alice', '@bob', '@bobby']);
  });

  it('offers @room only when allowed, and nothing for text that is no mention', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Field canMentionRoom />);
    await user.type(input(), '@r');
    expect(options()).toEqual(['@room notify everyone here']);
    unmount();
    render(<Field />);
    await user.type(input(), '@r');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.clear(input());
    await user.type(input(), 'mail me at a@b');
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});
