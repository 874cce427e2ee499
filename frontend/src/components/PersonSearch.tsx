import { useState } from 'react';
import type { User } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { useUserSearch } from '../lib/users';
import { SearchField } from './SearchField';

/**
 * Find a person by the start of their username (`GET /api/users?q=`, debounced) and pick them:
 * each person found is a button; a line says so when nobody matches.
 */
export function PersonSearch({
  label,
  searchTestId,
  autoFocus,
  listLabel,
  pickTestId,
  pickLabel = (user) => user.username,
  offered = () => true,
  nobody,
  busy,
  onPick,
}: {
  label: string;
  searchTestId: string;
  autoFocus?: boolean;
  /** The list's accessible name. */
  listLabel: string;
  pickTestId: string;
  pickLabel?(user: User): string;
  /** Who of those found may be picked (not me, not a member already). */
  offered?(user: User): boolean;
  /** The start of the line shown when nobody matches, e.g. "Nobody with a name starting with". */
  nobody: string;
  busy: boolean;
  onPick(userId: string): void;
}) {
  const [q, setQ] = useState('');
  const term = useDebounced(q);
  const found = useUserSearch(term);
  const people = found.data?.filter(offered) ?? [];
  return (
    <>
      <SearchField
        label={label}
        testId={searchTestId}
        value={q}
        autoFocus={autoFocus}
        onChange={setQ}
      />
      <ul className="pick-list" aria-label={listLabel}>
        {people.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              data-testid={pickTestId}
              disabled={busy}
              onClick={() => onPick(u.id)}
            >
              {pickLabel(u)}
            </button>
          </li>
        ))}
      </ul>
      {term && found.isSuccess && people.length === 0 && (
        <p className="muted">
          {nobody} “{term}”.
        </p>
      )}
    </>
  );
}
