import { useId, useState } from 'react';
import type { User } from '../../lib/types';
import { AdminUsers } from './AdminUsers';
import { AuditLog } from './AuditLog';

/** `#/admin`: accounts (roles, disable/enable) and the audit log. The server checks the role. */
export function AdminScreen() {
  const id = useId();
  const [historyOf, setHistoryOf] = useState<User | null>(null);
  return (
    <section className="admin" aria-labelledby={`${id}-h`} data-testid="admin-screen">
      <h2 id={`${id}-h`}>Administration</h2>
      <AdminUsers onShowHistory={setHistoryOf} />
      <AuditLog user={historyOf} onShowAll={() => setHistoryOf(null)} />
    </section>
  );
}
