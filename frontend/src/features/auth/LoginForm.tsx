import { useState } from 'react';
import type { LoginInput } from '../../lib/auth-api';
import { Field } from '../../components/Field';
import { useFormSubmit } from './use-form-submit';

interface LoginFormProps {
  onSubmit(input: LoginInput): Promise<void>;
  onShowRegister(): void;
}

export function LoginForm({ onSubmit, onShowRegister }: LoginFormProps) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { errors, busy, submit } = useFormSubmit(() => onSubmit({ login: login.trim(), password }));

  return (
    <form className="auth-form" onSubmit={submit} aria-labelledby="login-heading" noValidate>
      <h1 id="login-heading">Sign in to Teamchat</h1>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <Field
        label="Username or email"
        testId="login-login"
        name="login"
        autoComplete="username"
        required
        value={login}
        onChange={(e) => setLogin(e.target.value)}
        error={errors.fields.login}
      />
      <Field
        label="Password"
        testId="login-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.fields.password}
      />
      <button type="submit" className="primary" data-testid="login-submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="auth-switch">
        No account yet?{' '}
        <button type="button" className="link" data-testid="show-register" onClick={onShowRegister}>
          Create one
        </button>
      </p>
    </form>
  );
}
