import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../components/Dialog';
import { errorMessage } from '../../lib/api-error';
import { queryKeys } from '../../lib/query-keys';
import { openDirectRoom } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import { useDebounced } from '../../lib/use-debounced';
import { useUserSearch } from '../../lib/users';

/** "New message": find a person by username (`GET /api/users?q=`) and open the direct room with them. */
export function DirectMessageDialog() {
  const { client, user: me } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const term = useDebounced(q);
  const results = useUserSearch(term);
  const start = useMutation({
    mutationFn: (userId: string) => openDirectRoom(client, userId),
    onSuccess: async (room) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
      setOpen(false);
      setQ('');
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    },
  });
  const people = results.data?.filter((u) => u.id !== me?.id) ?? [];

  return (
    <>
      <button
        type="button"
        className="link"
        data-testid="new-direct"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        New message
      </button>
      {open && (
        <Dialog title="Direct message" onClose={() => setOpen(false)}>
          <label htmlFor={`${id}-q`}>Find a person by username</label>
          <input
            id={`${id}-q`}
            data-testid="direct-search"
            autoComplete="off"
            value={q}
            autoFocus
            onChange={(e) => setQ(e.target.value)}
          />
          {start.error && (
            <p role="alert" className="form-error">
              {errorMessage(start.error)}
            </p>
          )}
          <ul className="pick-list" aria-label="People">
            {people.map((u) => (
              <li key={u.id}>
                <button
                  type="button"
                  data-testid="direct-user"
                  disabled={start.isPending}
                  onClick={() => start.mutate(u.id)}
                >
                  {u.username}
                </button>
              </li>
            ))}
          </ul>
          {term && results.isSuccess && people.length === 0 && (
            <p className="muted">Nobody with a name starting with “{term}”.</p>
          )}
        </Dialog>
      )}
    </>
  );
}
