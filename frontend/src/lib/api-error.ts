import type { FieldError } from './types';

/**
 * An HTTP error from the gateway, parsed from an RFC 9457 problem-details body when there is one.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly instance: string | undefined;
  readonly errors: FieldError[];
  /** Seconds from a `Retry-After` header (429), when present. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    title: string;
    detail?: string;
    type?: string;
    instance?: string;
    errors?: FieldError[];
    retryAfter?: number;
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.instance = init.instance;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter;
  }

  /** The message for one field, e.g. `fieldError('username')`. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message;
  }

  /** A short text fit for showing to the user. */
  get userMessage(): string {
    return this.detail || this.title;
  }
}

const DEFAULT_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const entry of value) {
    if (entry && typeof entry === 'object') {
      const field = asString((entry as Record<string, unknown>).field) ?? '';
      const message = asString((entry as Record<string, unknown>).message);
      if (message) out.push({ field, message });
    }
  }
  return out;
}

/** Builds an ApiError from a parsed JSON body (problem details or anything else). */
export function problemToApiError(status: number, body: unknown, retryAfter?: number): ApiError {
  const p = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return new ApiError({
    status: typeof p.status === 'number' ? p.status : status,
    title: asString(p.title) ?? DEFAULT_TITLES[status] ?? `HTTP ${status}`,
    detail: asString(p.detail),
    type: asString(p.type),
    instance: asString(p.instance),
    errors: parseFieldErrors(p.errors),
    retryAfter,
  });
}

/** Reads a failed Response into an ApiError; never throws. */
export async function parseErrorResponse(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('Retry-After');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let body: unknown = undefined;
  const contentType = response.headers.get('Content-Type') ?? '';
  if (/json/i.test(contentType)) {
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
  }
  return problemToApiError(response.status, body, retryAfter);
}

/** A network failure (no HTTP response at all). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Cannot reach the server. Check your connection and try again.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

/** Human text for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.userMessage;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The server's message for one field of a refused form, when the error is one that names it. */
export function fieldErrorOf(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}
