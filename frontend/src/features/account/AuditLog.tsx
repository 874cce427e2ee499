import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { queryKeys } from '../../lib/query-keys';
import { useAuth } from '../../lib/session';
import type { AuditEntry, User } from '../../lib/types';
import { displayName, useUsers } from '../../lib/users';

const PAGE = 50;

const LABELS: Record<string, string> = {
  'login.succeeded': 'signed in',
  'login.failed': 'sign-in failed',
  'refresh.reused': 'stolen session detected, signed out',
  'admin.granted': 'made administrator',
  'admin.revoked': 'no longer administrator',
  'account.disabled': 'account disabled',
  'account.enabled': 'account enabled',
  'room.deleted': 'room deleted',
  'member.removed': 'removed from a room',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** `GET /api/admin/audit?userId=&before=`: newest first, older pages on demand. */
export function AuditLog({ user, onShowAll }: { user: User | null; onShowAll(): void }) {
  const { client } = useAuth();
  const id = useId();
  const log = useInfiniteQuery({
    queryKey: queryKeys.audit(user?.id ?? null),
    queryFn: ({ pageParam, signal }) =>
      client.get<AuditEntry[]>(
        '/api/admin/audit',
        { userId: user?.id, before: pageParam ?? undefined, limit: PAGE },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.length < PAGE ? null : (last.at(-1)?.id ?? null)),
  });
  const entries = log.data?.pages.flat() ?? [];
  const people = useUsers(
    entries.flatMap((e) => [e.actorId, e.targetId]).filter((x): x is string => Boolean(x)),
  );
  const name = (userId: string | null) => (userId ? displayName(people, userId) : null);

  return (
    <section aria-labelledby={`${id}-h`} className="admin-section">
      <h3 id={`${id}-h`}>Audit log{user ? ` of ${user.username}` : ''}</h3>
      {user && (
        <button type="button" className="link" data-testid="audit-all" onClick={onShowAll}>
          Show every account
        </button>
      )}
      <ErrorAlert error={log.error} />
      {log.isPending && <p className="muted">Loading…</p>}
      {log.isSuccess && entries.length === 0 && <p className="muted">Nothing recorded.</p>}
      <div className="table-scroll">
        <table className="audit" data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Account</th>
              <th scope="col">By</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <td>
                  <time dateTime={e.at}>{timeFormat.format(new Date(e.at))}</time>
                </td>
                <td>{LABELS[e.action] ?? e.action}</td>
                <td>{name(e.targetId)}</td>
                <td>{name(e.actorId)}</td>
                <td className="muted small">{[e.detail, e.address].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore pages={log} label="Older entries" testId="audit-older" />
    </section>
  );
}
