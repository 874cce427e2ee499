import type { ApiClient } from './api-client';
import type { AuthResponse, User } from './types';

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
}

export interface LoginInput {
  login: string;
  password: string;
}

export function registerUser(client: ApiClient, input: RegisterInput): Promise<AuthResponse> {
  return client.post<AuthResponse>('/api/auth/register', input, { anonymous: true });
}

export function loginUser(client: ApiClient, input: LoginInput): Promise<AuthResponse> {
  return client.post<AuthResponse>('/api/auth/login', input, { anonymous: true });
}

export function logoutUser(client: ApiClient): Promise<void> {
  return client.post<void>('/api/auth/logout');
}

export function fetchMe(client: ApiClient): Promise<User> {
  return client.get<User>('/api/users/me');
}
