import { useState } from 'react';
import type { RegisterInput } from '../../lib/auth-api';
import { Field } from '../../components/Field';
import { useFormSubmit } from './use-form-submit';

interface RegisterFormProps {
  onSubmit(input: RegisterInput): Promise<void>;
  onShowLogin(): void;
}

export function RegisterForm({ onSubmit, onShowLogin }: RegisterFormProps) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, busy, submit } = useFormSubmit(() =>
    onSubmit({ username: username.trim(), email: email.trim(), password }),
  );

  return (
    <form className="auth-form" onSubmit={submit} aria-labelledby="register-heading" noValidate>
      <h1 id="register-heading">Create your account</h1>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <Field
        label="Username"
        testId="register-username"
        name="username"
        autoComplete="username"
        required
        minLength={3}
        maxLength={50}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        error={errors.fields.username}
      />
      <Field
        label="Email"
        testId="register-email"
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.fields.email}
      />
      <Field
        label="Password (at least 8 characters)"
        testId="register-password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.fields.password}
      />
      <button type="submit" className="primary" data-testid="register-submit" disabled={busy}>
        {busy ? 'Creating account…' : 'Create account'}
      </button>
      <p className="auth-switch">
        Already registered?{' '}
        <button type="button" className="link" data-testid="show-login" onClick={onShowLogin}>
          Sign in
        </button>
      </p>
    </form>
  );
}
