import { describe, expect, it } from 'vitest';
import { MAX_SUGGESTIONS, insertMention, mentionOptions, mentionQuery } from './mentions';

describe('mentionQuery', () => {
  it('finds the @name being typed at the caret', () => {
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('hi @bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQuery('(@a.b-c_d', 9)).toEqual({ start: 1, query: 'a.b-c_d' });
    // the caret decides: text after it does not count
    expect(mentionQuery('hi @bob and more', 7)).toEqual({ start: 3, query: 'bob' });
  });

  it('is no mention inside a word, after a space or away from the caret', () => {
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(mentionQuery('@bob ', 5)).toBeNull();
    expect(mentionQuery('@bob hello', 10)).toBeNull();
    expect(mentionQuery('@@x', 3)).toBeNull();
    expect(mentionQuery('', 0)).toBeNull();
  });
});

describe('mentionOptions', () => {
  const names = ['bob', 'Bobby', 'alice', 'rob', 'carol'];

  it('puts names starting with the query first, then those containing it, any case', () => {
    expect(mentionOptions('bo', names, false)).toEqual(['bob', 'Bobby']);
    expect(mentionOptions('OB', names, false)).toEqual(['bob', 'Bobby', 'rob']);
    expect(mentionOptions('', names, false)).toEqual(['alice', 'bob', 'Bobby', 'carol', 'rob']);
    expect(mentionOptions('zz', names, false)).toEqual([]);
  });

  it('offers @room only to whoever may use it', () => {
    expect(mentionOptions('ro', names, true)).toEqual(['room', 'rob', 'carol']);
    expect(mentionOptions('ro', names, false)).toEqual(['rob', 'carol']);
    expect(mentionOptions('rob', names, true)).toEqual(['rob']);
  });

  it('keeps the list short', () => {
    const many = Array.from({ length: 30 }, (_, i) => `user${i}`);
    expect(mentionOptions('user', many, true)).toHaveLength(MAX_SUGGESTIONS);
  });
});

describe('insertMention', () => {
  it('replaces the typed @query with the name and a space, caret after it', () => {
    expect(insertMention('hi @bo', { start: 3, query: 'bo' }, 6, 'bob')).toEqual({
      text: 'hi @bob ',
      caret: 8,
    });
    // in the middle of the text, an existing space is reused
    expect(insertMention('hi @b and', { start: 3, query: 'b' }, 5, 'bob')).toEqual({
      text: 'hi @bob and',
      caret: 8,
    });
  });
});
