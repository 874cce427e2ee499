import { AuthProvider, AuthScreen, useAuth } from '../features/auth';
import { SocketProvider } from '../features/chat';
import type { ApiClient } from '../lib/api-client';
import { api } from '../lib/api-client';
import { Shell } from './Shell';

function Root() {
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
    <SocketProvider client={client}>
      <Shell user={user} />
    </SocketProvider>
  );
}

export function App({ client = api }: { client?: ApiClient }) {
  return (
    <AuthProvider client={client}>
      <Root />
    </AuthProvider>
  );
}
