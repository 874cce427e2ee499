import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ApiClient } from '../../lib/api-client';
import { Confirm } from '../../components/Confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchField } from '../../components/SearchField';
import { useAuth } from '../../lib/session';
import type { User } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';
import { useUserSearch } from '../../lib/users';

type Change = 'grant' | 'revoke' | 'disable' | 'enable';

const DONE: Record<Change, string> = {
  grant: 'is now an administrator',
  revoke: 'is no longer an administrator',
  disable: 'is disabled: signed out everywhere, cannot sign in',
  enable: 'can sign in again',
};

/** `PUT`/`DELETE /api/users/{id}/admin` and `/disabled` (docs/security.md). */
function request(client: ApiClient, userId: string, change: Change) {
  const base = `/api/users/${encodeURIComponent(userId)}`;
  switch (change) {
    case 'grant':
      return client.put<void>(`${base}/admin`);
    case 'revoke':
      return client.delete<void>(`${base}/admin`);
    case 'disable':
      return client.put<void>(`${base}/disabled`);
    case 'enable':
      return client.delete<void>(`${base}/disabled`);
  }
}

/** What an administrator may do to an account, in this order, where it applies. */
const ACTIONS: { change: Change; label: string; offered(user: User, self: boolean): boolean }[] = [
  { change: 'grant', label: 'Make admin', offered: (u) => u.isAdmin !== true },
  { change: 'revoke', label: 'Remove admin', offered: (u) => u.isAdmin !== false },
  { change: 'disable', label: 'Disable', offered: (u, self) => u.disabled !== true && !self },
  { change: 'enable', label: 'Enable', offered: (u, self) => u.disabled !== false && !self },
];

/**
 * Find accounts by username; grant or revoke the admin role, disable (after a confirmation) or
 * enable them. The server has the last word (the last admin stays, nobody disables themself).
 */
export function AdminUsers({ onShowHistory }: { onShowHistory(user: User): void }) {
  const { client, user: me } = useAuth();
  const queryClient = useQueryClient();
  const id = useId();
  const [q, setQ] = useState('');
  const term = useDebounced(q);
  const results = useUserSearch(term);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: ({ user, change }: { user: User; change: Change }) =>
      request(client, user.id, change),
    onMutate: () => setDone(null),
    onSuccess: async (_, { user, change }) => {
      setConfirming(null);
      setDone(`${user.username} ${DONE[change]}.`);
      // the search answer carries isAdmin/disabled: ask again; the audit log has a new entry
      await queryClient.invalidateQueries({ queryKey: ['users', 'search'] });
      await queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });

  return (
    <section aria-labelledby={`${id}-h`} className="admin-section">
      <h3 id={`${id}-h`}>Accounts</h3>
      <SearchField
        label="Find a user by username"
        testId="admin-search"
        value={q}
        onChange={setQ}
      />
      <ErrorAlert error={change.error} />
      <p role="status" className="muted" data-testid="admin-done">
        {done}
      </p>
      {term && results.isSuccess && results.data.length === 0 && (
        <p className="muted">Nobody with a name starting with “{term}”.</p>
      )}
      <ul className="admin-users" aria-label="Accounts found">
        {results.data?.map((u) => {
          const busy = change.isPending && change.variables?.user.id === u.id;
          const self = u.id === me?.id;
          return (
            <li key={u.id} className="admin-user" data-testid="admin-user" data-user-id={u.id}>
              <span className="admin-user-name">
                <strong>{u.username}</strong>
                {u.email && <span className="muted small"> {u.email}</span>}
                {u.isAdmin && <span className="tag">admin</span>}
                {u.disabled && <span className="tag tag-danger">disabled</span>}
              </span>
              <span className="admin-user-actions">
                {ACTIONS.filter((a) => a.offered(u, self)).map((a) => (
                  <button
                    key={a.change}
                    type="button"
                    className={a.change === 'disable' ? 'danger' : undefined}
                    data-testid={`admin-${a.change}`}
                    disabled={busy}
                    // disabling asks first (below); the others act at once
                    aria-expanded={a.change === 'disable' ? confirming === u.id : undefined}
                    onClick={() =>
                      a.change === 'disable'
                        ? setConfirming(u.id)
                        : change.mutate({ user: u, change: a.change })
                    }
                  >
                    {a.label}
                    <span className="visually-hidden"> {u.username}</span>
                  </button>
                ))}
                <button
                  type="button"
                  className="link"
                  data-testid="admin-history"
                  onClick={() => onShowHistory(u)}
                >
                  History<span className="visually-hidden"> of {u.username}</span>
                </button>
              </span>
              {confirming === u.id && (
                <Confirm
                  label={`Disable ${u.username}?`}
                  confirmLabel={`Disable ${u.username}`}
                  testId="admin-disable-confirm"
                  busy={busy}
                  onConfirm={() => change.mutate({ user: u, change: 'disable' })}
                  onCancel={() => setConfirming(null)}
                >
                  Disable {u.username}? They are signed out everywhere at once and cannot sign in
                  until an administrator enables the account again.
                </Confirm>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
