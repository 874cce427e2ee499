import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

/**
 * One QueryClient per signed-in app. Client errors (4xx) are not retried: asking again gives the
 * same answer. Live data arrives over the socket, so nothing refetches on window focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** True when the server answered that a feature does not exist here (404/501): hide the feature. */
export function isUnsupported(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 404 || error.status === 501 || error.status === 405)
  );
}
