export { AuthProvider, useAuth } from './auth-context';
export type { AuthState, AuthStatus } from './auth-context';
export { AuthScreen } from './AuthScreen';
