import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from './api-client';
import type { AuthResponse, User } from './types';
import { fetchMe, loginUser, logoutUser, registerUser } from './auth-api';
import type { LoginInput, RegisterInput } from './auth-api';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

export interface AuthState {
  status: AuthStatus;
  user: User | null;
  client: ApiClient;
  login(input: LoginInput): Promise<void>;
  register(input: RegisterInput): Promise<void>;
  logout(): Promise<void>;
  /** Replaces the signed-in user after a profile change. */
  updateUser(user: User): void;
}

const AuthContext = createContext<AuthState | null>(null);

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_SECONDS = 60;

export function AuthProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [expiresIn, setExpiresIn] = useState<number | null>(null);

  // The api client refreshes on 401 by itself; when that fails the session is over.
  useEffect(
    () =>
      client.onTokenChange((token, refreshed) => {
        if (token === null) {
          setUser(null);
          setStatus('anonymous');
        } else if (refreshed) {
          setExpiresIn(refreshed.expiresIn);
          if (refreshed.user) setUser(refreshed.user);
        }
      }),
    [client],
  );

  // On page load: the access token lives only in memory, so restore the session from the
  // HttpOnly refresh cookie.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const refreshed = await client.refresh();
        if (!refreshed) {
          if (!cancelled) setStatus('anonymous');
          return;
        }
        const me = refreshed.user ?? (await fetchMe(client));
        if (!cancelled) {
          setUser(me);
          setExpiresIn(refreshed.expiresIn);
          setStatus('authenticated');
        }
      } catch {
        if (!cancelled) setStatus('anonymous');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client]);

  // Renew the access token shortly before it expires so the socket and requests keep working.
  useEffect(() => {
    if (status !== 'authenticated' || !expiresIn) return;
    const delay = Math.max(5, expiresIn - REFRESH_MARGIN_SECONDS) * 1000;
    const timer = setTimeout(() => {
      client.refresh().catch(() => {
        /* a later request will retry through the 401 path */
      });
    }, delay);
    return () => clearTimeout(timer);
  }, [client, status, expiresIn]);

  const accept = useCallback(
    (res: AuthResponse) => {
      client.setAccessToken(res.accessToken);
      setUser(res.user);
      setExpiresIn(res.expiresIn);
      setStatus('authenticated');
    },
    [client],
  );

  const login = useCallback(
    async (input: LoginInput) => accept(await loginUser(client, input)),
    [client, accept],
  );
  const register = useCallback(
    async (input: RegisterInput) => accept(await registerUser(client, input)),
    [client, accept],
  );
  const logout = useCallback(async () => {
    try {
      await logoutUser(client);
    } catch {
      // Forget the session locally even if the server could not be reached.
    }
    client.setAccessToken(null);
    setUser(null);
    setStatus('anonymous');
  }, [client]);

  const value = useMemo<AuthState>(
    () => ({ status, user, client, login, register, logout, updateUser: setUser }),
    [status, user, client, login, register, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
