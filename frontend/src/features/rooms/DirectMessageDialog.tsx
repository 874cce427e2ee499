import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PersonSearch } from '../../components/PersonSearch';
import { queryKeys } from '../../lib/query-keys';
import { openDirectRoom } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';

/** "New message": find a person by username (`GET /api/users?q=`) and open the direct room with them. */
export function DirectMessageDialog() {
  const { client, user: me } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const start = useMutation({
    mutationFn: (userId: string) => openDirectRoom(client, userId),
    onSuccess: async (room) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
      setOpen(false);
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    },
  });

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
          <PersonSearch
            label="Find a person by username"
            searchTestId="direct-search"
            autoFocus
            listLabel="People"
            pickTestId="direct-user"
            offered={(u) => u.id !== me?.id}
            nobody="Nobody with a name starting with"
            busy={start.isPending}
            onPick={(userId) => start.mutate(userId)}
          />
          <ErrorAlert error={start.error} />
        </Dialog>
      )}
    </>
  );
}
