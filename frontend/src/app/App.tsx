import { AuthProvider, AuthScreen, useAuth } from '../features/auth';
import { SocketProvider } from '../features/chat';
import type { ApiClient } from '../lib/api-client';
import { api } from '../lib/api-client';
import { createChatSocket } from '../lib/socket';
import type { ChatSocket } from '../lib/socket';
import { Shell } from './Shell';

type SocketFactory = (client: ApiClient) => ChatSocket;

function Root({ socketFactory }: { socketFactory: SocketFactory }) {
  const { status, user, client } = useAuth();
  if (status === 'loading') {
    return (
      <main className="splash" aria-busy="true">
        <p className="muted">Loading Teamchat…</p>
      </main>
    );
  }
  if (status === 'anonymous' || !user) return <AuthScreen />;
  return (
    <SocketProvider client={client} factory={socketFactory}>
      <Shell user={user} />
    </SocketProvider>
  );
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
