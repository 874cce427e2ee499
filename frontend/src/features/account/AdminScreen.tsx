import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { useAuth } from '../../lib/session';
import { useDebounced } from '../../lib/use-debounced';
import { useUserSearch } from '../../lib/users';

/** Administrators grant and revoke the admin role (`PUT`/`DELETE /api/users/{id}/admin`). */
export function AdminScreen() {
  const { client } = useAuth();
  const id = useId();
  const [q, setQ] = useState('');
  const term = useDebounced(q);
  const results = useUserSearch(term);
  const [done, setDone] = useState<string | null>(null);
  const role = useMutation({
    mutationFn: ({ userId, grant }: { userId: string; grant: boolean; name: string }) =>
      grant
        ? client.put<void>(`/api/users/${encodeURIComponent(userId)}/admin`)
        : client.delete<void>(`/api/users/${encodeURIComponent(userId)}/admin`),
    onSuccess: (_, v) =>
      setDone(
        `${v.name} ${v.grant ? 'is now an administrator' : 'is no longer an administrator'}.`,
      ),
  });
  return (
    <section className="admin" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Administration: roles</h2>
      <label htmlFor={`${id}-q`}>Find a user by username</label>
      <input
        id={`${id}-q`}
        type="search"
        data-testid="admin-search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {role.error && (
        <p role="alert" className="form-error">
          {errorMessage(role.error)}
        </p>
      )}
      {done && (
        <p role="status" className="muted">
          {done}
        </p>
      )}
      <ul className="pick-list">
        {results.data?.map((u) => (
          <li key={u.id} className="admin-user">
            <span>{u.username}</span>{' '}
            <button
              type="button"
              onClick={() => role.mutate({ userId: u.id, grant: true, name: u.username })}
            >
              Make admin<span className="visually-hidden"> {u.username}</span>
            </button>{' '}
            <button
              type="button"
              onClick={() => role.mutate({ userId: u.id, grant: false, name: u.username })}
            >
              Revoke admin<span className="visually-hidden"> {u.username}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
