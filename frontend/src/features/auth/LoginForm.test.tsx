import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { ApiClient } from '../../lib/api-client';
import { ApiError } from '../../lib/api-error';
import { LoginForm } from './LoginForm';
import { RegisterForm } from './RegisterForm';

function problem(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

describe('LoginForm', () => {
  it('shows the server error and re-enables the form', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError({
        status: 401,
        title: 'Unauthorized',
        detail: 'Invalid username or password',
      }),
    );
    render(<LoginForm onSubmit={onSubmit} onShowRegister={() => {}} />);

    await user.type(screen.getByTestId('login-login'), '  alice ');
    await user.type(screen.getByTestId('login-password'), 'wrong-password');
    await user.click(screen.getByTestId('login-submit'));

    expect(onSubmit).toHaveBeenCalledWith({ login: 'alice', password: 'wrong-password' });
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid username or password');
    expect((screen.getByTestId('login-submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('end to end through the app: a 401 from /api/auth/login is shown, no refresh loop', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    const fetchFn = vi.fn(async (url: string) => {
      calls.push(url);
      if (url === '/api/auth/refresh') return problem(401, { title: 'Unauthorized' });
      if (url === '/api/auth/login')
        return problem(401, { title: 'Unauthorized', detail: 'Invalid credentials' });
      return problem(404, { title: 'Not Found' });
    });
    render(<App client={new ApiClient({ fetch: fetchFn })} />);

    await user.type(await screen.findByTestId('login-login'), 'bob');
    await user.type(screen.getByTestId('login-password'), 'secret-123');
    await user.click(screen.getByTestId('login-submit'));

    expect((await screen.findByRole('alert')).textContent).toBe('Invalid credentials');
    // One refresh at page load (restoring a session), then the login; no retry of the login.
    expect(calls).toEqual(['/api/auth/refresh', '/api/auth/login']);
    expect(screen.queryByTestId('current-user')).toBeNull();
  });
});

describe('RegisterForm', () => {
  it('shows field errors from problem details next to the fields', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError({
        status: 400,
        title: 'Bad Request',
        detail: 'Validation failed',
        errors: [
          { field: 'register.input.username', message: 'size must be between 3 and 50' },
          { field: 'email', message: 'must be a well-formed email address' },
        ],
      }),
    );
    render(<RegisterForm onSubmit={onSubmit} onShowLogin={() => {}} />);
    await user.type(screen.getByTestId('register-username'), 'ab');
    await user.type(screen.getByTestId('register-email'), 'nope');
    await user.type(screen.getByTestId('register-password'), 'longenough');
    await user.click(screen.getByTestId('register-submit'));

    const username = screen.getByTestId('register-username');
    expect(await screen.findByText('size must be between 3 and 50')).toBeTruthy();
    expect(username.getAttribute('aria-invalid')).toBe('true');
    const describedBy = username.getAttribute('aria-describedby');
    expect(describedBy && document.getElementById(describedBy)?.textContent).toBe(
      'size must be between 3 and 50',
    );
    expect(screen.getByText('must be a well-formed email address')).toBeTruthy();
    expect(screen.getByTestId('register-password').getAttribute('aria-invalid')).toBeNull();
  });
});
