import { ApiError, NetworkError, parseErrorResponse } from './api-error';
import type { RefreshResponse } from './types';

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** JSON-serialised as the request body. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Send no Authorization header and never try a refresh (login, register, refresh itself). */
  anonymous?: boolean;
  /** The Accept header (JSON unless said otherwise). */
  accept?: string;
}

export interface ApiClientOptions {
  fetch?: FetchFn;
  /** Prefix for every path; '' means same origin (the gateway serves both the SPA and /api). */
  baseUrl?: string;
}

type TokenListener = (token: string | null, refresh: RefreshResponse | null) => void;

const REFRESH_PATH = '/api/auth/refresh';

/**
 * Fetch wrapper for the gateway's REST API.
 *
 * - keeps the access token in memory only (never in web storage);
 * - adds `Authorization: Bearer <token>`;
 * - turns problem+json error bodies into {@link ApiError};
 * - on a 401, calls `POST /api/auth/refresh` (refresh cookie) once and retries the request once.
 *   Concurrent 401s share a single refresh call, because refresh tokens rotate: presenting one
 *   twice would revoke the whole session.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<RefreshResponse | null> | null = null;
  private readonly listeners = new Set<TokenListener>();
  private readonly fetchFn: FetchFn;
  private readonly baseUrl: string;

  constructor(options: ApiClientOptions = {}) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
  }

  getAccessToken(): string | null {
    return this.accessToken;
  }

  setAccessToken(token: string | null): void {
    this.accessToken = token;
    this.emit(token, null);
  }

  /** Called whenever the token changes (login, refresh, session loss). */
  onTokenChange(listener: TokenListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(token: string | null, refresh: RefreshResponse | null): void {
    for (const l of this.listeners) l(token, refresh);
  }

  /**
   * Exchanges the refresh cookie for a new access token. Returns null when there is no valid
   * session (401). Concurrent callers share one request.
   */
  refresh(): Promise<RefreshResponse | null> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<RefreshResponse | null> {
    let response: Response;
    try {
      response = await this.fetchFn(this.baseUrl + REFRESH_PATH, {
        method: 'POST',
        credentials: 'include',
        headers: { Accept: 'application/json' },
      });
    } catch (e) {
      throw new NetworkError(e);
    }
    if (response.status === 401 || response.status === 403) {
      this.accessToken = null;
      this.emit(null, null);
      return null;
    }
    if (!response.ok) throw await parseErrorResponse(response);
    const data = (await response.json()) as RefreshResponse;
    this.accessToken = data.accessToken;
    this.emit(data.accessToken, data);
    return data;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.read<T>(await this.authorized(path, options));
  }

  /**
   * A file the API serves (an attachment, its thumbnail): fetched with the token, because an
   * `<img src>` or a plain link cannot send one. Show it through `URL.createObjectURL`.
   */
  async blob(path: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.authorized(path, { method: 'GET', signal, accept: '*/*' });
    if (!response.ok) throw await parseErrorResponse(response);
    return response.blob();
  }

  /** Sends with the current token; on a 401, refreshes once and sends again. */
  private async authorized(path: string, options: RequestOptions): Promise<Response> {
    const response = await this.send(path, options, this.accessToken);
    if (response.status === 401 && !options.anonymous) {
      const tokenUsed = this.accessToken;
      // Another request may already have refreshed while this one was in flight.
      const refreshed = await this.refresh();
      if (refreshed || (this.accessToken && this.accessToken !== tokenUsed)) {
        return this.send(path, options, this.accessToken);
      }
    }
    return response;
  }

  get<T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<T> {
    return this.request<T>(path, { method: 'GET', query, signal });
  }

  /**
   * A GET of one page of a list that goes on: the body, and the next page's URL from the
   * `Link: <…>; rel="next"` header (null on the last page). Follow `next` with this method as is.
   */
  async getPage<T>(
    path: string,
    query?: RequestOptions['query'],
    signal?: AbortSignal,
  ): Promise<{ data: T; next: string | null }> {
    const response = await this.authorized(path, { method: 'GET', query, signal });
    const data = await this.read<T>(response);
    return { data, next: nextLink(response.headers.get('Link')) };
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>(path, { method: 'PATCH', body });
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>(path, { method: 'PUT', body });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'DELETE' });
  }

  private url(path: string, query?: RequestOptions['query']): string {
    let url = this.baseUrl + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
      }
      const qs = params.toString();
      if (qs) url += (url.includes('?') ? '&' : '?') + qs;
    }
    return url;
  }

  private async send(path: string, options: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token && !options.anonymous) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetchFn(this.url(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        // The refresh cookie is scoped to /api/auth; include it there so login/register/logout
        // can set and clear it. Same-origin requests send cookies anyway.
        credentials: 'include',
        signal: options.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new NetworkError(e);
    }
  }

  private async read<T>(response: Response): Promise<T> {
    if (!response.ok) throw await parseErrorResponse(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/**
 * The target of `rel="next"` in a Link header, if it is a path on this origin: the request that
 * follows it carries the access token, so a link elsewhere (`//host`, `/\\host`) is never followed.
 */
export function nextLink(header: string | null): string | null {
  for (const [, target, params] of (header ?? '').matchAll(/<([^>]*)>([^<]*)/g)) {
    if (/;\s*rel="?[^"]*\bnext\b/i.test(params!) && /^\/(?![/\\])/.test(target!)) return target!;
  }
  return null;
}

/** The app-wide client (same origin: the gateway, or Vite's dev proxy in front of it). */
export const api = new ApiClient();

export { ApiError };
