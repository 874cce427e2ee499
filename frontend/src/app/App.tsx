import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { HashRouter, Route, Routes } from 'react-router';
import { AdminScreen } from '../features/account/AdminScreen';
import { AuthScreen } from '../features/auth/AuthScreen';
import { ChatRoute } from '../features/chat/ChatRoom';
import type { RoomHeaderActions } from '../features/chat/ChatRoom';
import { RoomBrowser } from '../features/rooms/RoomBrowser';
import { RoomSettings } from '../features/rooms/RoomSettings';
import { SearchPage } from '../features/search/SearchPage';
import type { ApiClient } from '../lib/api-client';
import { api } from '../lib/api-client';
import { createQueryClient } from '../lib/query-client';
import { AuthProvider, useAuth } from '../lib/session';
import { createChatSocket } from '../lib/socket';
import type { ChatSocket } from '../lib/socket';
import { SocketProvider } from '../lib/socket-context';
import { Shell, Welcome } from './Shell';

type SocketFactory = (client: ApiClient) => ChatSocket;

/** The rooms feature's settings in the chat feature's room header (features never import each other). */
const roomHeaderActions: RoomHeaderActions = (room) => <RoomSettings room={room} />;

/**
 * Routes live in the URL hash (`#/rooms/<id>`, `#/rooms/<id>/thread/<messageId>`,
 * `#/rooms/<id>/pins`, `#/search?q=`,
 * `#/browse?q=`, `#/admin`), so every link survives a reload without server-side routes.
 */
function SignedIn({ socketFactory }: { socketFactory: SocketFactory }) {
  const { client } = useAuth();
  // A fresh cache per session: nothing of one user's data outlives their logout.
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SocketProvider client={client} factory={socketFactory}>
        <HashRouter>
          <Routes>
            <Route element={<Shell />}>
              <Route index element={<Welcome />} />
              <Route
                path="rooms/:roomId"
                element={<ChatRoute headerActions={roomHeaderActions} />}
              />
              <Route
                path="rooms/:roomId/thread/:messageId"
                element={<ChatRoute headerActions={roomHeaderActions} />}
              />
              <Route
                path="rooms/:roomId/pins"
                element={<ChatRoute headerActions={roomHeaderActions} />}
              />
              <Route path="browse" element={<RoomBrowser />} />
              <Route path="search" element={<SearchPage />} />
              <Route path="admin" element={<AdminScreen />} />
              <Route path="*" element={<Welcome />} />
            </Route>
          </Routes>
        </HashRouter>
      </SocketProvider>
    </QueryClientProvider>
  );
}

function Root({ socketFactory }: { socketFactory: SocketFactory }) {
  const { status, user } = useAuth();
  if (status === 'loading') {
    return (
      <main className="splash" aria-busy="true">
        <p className="muted">Loading Teamchat…</p>
      </main>
    );
  }
  if (status === 'anonymous' || !user) return <AuthScreen />;
  return <SignedIn key={user.id} socketFactory={socketFactory} />;
}

export function App({
  client = api,
  socketFactory = createChatSocket,
}: {
  client?: ApiClient;
  /** Injectable for tests. */
  socketFactory?: SocketFactory;
}) {
  return (
    <AuthProvider client={client}>
      <Root socketFactory={socketFactory} />
    </AuthProvider>
  );
}
