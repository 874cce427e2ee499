import { useState } from 'react';
import { useAuth } from '../../lib/session';
import { LoginForm } from './LoginForm';
import { RegisterForm } from './RegisterForm';

export function AuthScreen() {
  const { login, register } = useAuth();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  return (
    <main className="auth-screen">
      {mode === 'login' ? (
        <LoginForm onSubmit={login} onShowRegister={() => setMode('register')} />
      ) : (
        <RegisterForm onSubmit={register} onShowLogin={() => setMode('login')} />
      )}
    </main>
  );
}
