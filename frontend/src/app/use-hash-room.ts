import { useCallback, useEffect, useState } from 'react';

const PREFIX = '#/rooms/';

function read(): string | null {
  const h = window.location.hash;
  return h.startsWith(PREFIX) ? decodeURIComponent(h.slice(PREFIX.length)) || null : null;
}

/** A tiny router: the selected room id lives in the URL hash (`#/rooms/<id>`). */
export function useHashRoom(): [string | null, (id: string | null) => void] {
  const [roomId, setRoomId] = useState<string | null>(read);

  useEffect(() => {
    const onChange = () => setRoomId(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);

  const navigate = useCallback((id: string | null) => {
    const next = id ? PREFIX + encodeURIComponent(id) : '';
    if (window.location.hash !== next) {
      if (next) window.location.hash = next;
      else history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    setRoomId(id);
  }, []);

  return [roomId, navigate];
}
