import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../lib/query-client';
import { EmojiPicker, PICKER_COLUMNS } from './EmojiPicker';

afterEach(() => localStorage.clear());

function renderPicker() {
  const onPick = vi.fn();
  const onClose = vi.fn();
  const utils = render(
    <QueryClientProvider client={createQueryClient()}>
      <button type="button">outside</button>
      <EmojiPicker label="Add a reaction to the message by bob" onPick={onPick} onClose={onClose} />
    </QueryClientProvider>,
  );
  return { onPick, onClose, unmount: utils.unmount };
}

const search = () => screen.getByRole('combobox', { name: 'Search emoji' });
const active = () => screen.getByRole('option', { selected: true });

describe('EmojiPicker', () => {
  it('searches by name, moves through the grid with the arrow keys and picks with Enter', async () => {
    const user = userEvent.setup();
    const { onPick, onClose } = renderPicker();
    expect(
      screen.getByRole('dialog', { name: 'Add a reaction to the message by bob' }),
    ).toBeTruthy();
    // the first category is shown once the data is loaded; the search box has the focus
    const grid = await screen.findByRole('listbox', { name: 'Smileys & emotion' });
    expect(document.activeElement).toBe(search());
    expect(search().getAttribute('aria-controls')).toBe(grid.id);
    expect(active().textContent).toBe('😀');
    expect(search().getAttribute('aria-activedescendant')).toBe(active().id);

    await user.keyboard('{ArrowRight}');
    expect(active().getAttribute('aria-label')).toBe('grinning face with big eyes');
    await user.keyboard('{ArrowDown}');
    const options = screen.getAllByRole('option');
    expect(options.indexOf(active())).toBe(1 + PICKER_COLUMNS);
    await user.keyboard('{ArrowUp}{ArrowLeft}{ArrowLeft}');
    expect(options.indexOf(active())).toBe(0); // stops at the first

    await user.type(search(), 'thumbs up');
    await screen.findByRole('listbox', { name: 'Emoji matching thumbs up' });
    expect(active().textContent).toBe('👍');
    await user.keyboard('{Enter}');
    expect(onPick).toHaveBeenCalledWith('👍');
    expect(onClose).toHaveBeenCalledWith(true);
  });

  it('shows a category from its tab, picks with a click, closes on Escape and on a click outside', async () => {
    const user = userEvent.setup();
    const { onPick, onClose } = renderPicker();
    await screen.findByRole('listbox', { name: 'Smileys & emotion' });
    const food = screen.getByRole('button', { name: 'Food & drink' });
    await user.click(food);
    expect(food.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('option', { name: 'hamburger' }));
    expect(onPick).toHaveBeenCalledWith('🍔');

    await user.type(search(), 'zzzz-nothing');
    expect(screen.getByRole('status').textContent).toContain('No emoji match');

    onClose.mockClear();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledWith(true);
    onClose.mockClear();
    await user.click(screen.getByRole('button', { name: 'outside' }));
    expect(onClose).toHaveBeenCalledWith(false);
  });

  it('applies the chosen skin tone to the emoji that take one, and remembers it', async () => {
    const user = userEvent.setup();
    const first = renderPicker();
    await screen.findByRole('listbox', { name: 'Smileys & emotion' });
    const tone = (name: string) => screen.getByRole('button', { name });
    expect(tone('Default skin tone').getAttribute('aria-pressed')).toBe('true');
    await user.click(tone('Medium skin tone'));
    expect(tone('Medium skin tone').getAttribute('aria-pressed')).toBe('true');
    expect(tone('Default skin tone').getAttribute('aria-pressed')).toBe('false');

    await user.type(search(), 'thumbs up');
    await screen.findByRole('listbox', { name: 'Emoji matching thumbs up' });
    expect(active().textContent).toBe('👍🏽');
    await user.keyboard('{Enter}');
    expect(first.onPick).toHaveBeenLastCalledWith('👍🏽');
    await user.clear(search());
    await user.type(search(), 'handshake');
    await user.click(screen.getByRole('option', { name: 'handshake' }));
    expect(first.onPick).toHaveBeenLastCalledWith('🤝🏽');
    // one tone for every person of a sequence
    await user.clear(search());
    await user.type(search(), 'people holding hands');
    await user.click(screen.getByRole('option', { name: 'people holding hands' }));
    expect(first.onPick).toHaveBeenLastCalledWith('🧑🏽‍🤝‍🧑🏽');
    // an emoji without skin tones is picked as it is
    await user.clear(search());
    await user.type(search(), 'rocket');
    await user.click(screen.getByRole('option', { name: 'rocket' }));
    expect(first.onPick).toHaveBeenLastCalledWith('🚀');
    first.unmount();

    // the next picker (another message, another visit) starts with it
    const second = renderPicker();
    await screen.findByRole('listbox', { name: 'Smileys & emotion' });
    expect(tone('Medium skin tone').getAttribute('aria-pressed')).toBe('true');
    await user.type(search(), 'thumbs up');
    await screen.findByRole('listbox', { name: 'Emoji matching thumbs up' });
    expect(active().textContent).toBe('👍🏽');
    await user.click(tone('Default skin tone'));
    expect(active().textContent).toBe('👍');
    await user.click(screen.getByRole('option', { name: 'thumbs up' }));
    expect(second.onPick).toHaveBeenLastCalledWith('👍');
    expect(localStorage.getItem('teamchat.skinTone')).toBeNull();
  });
});
