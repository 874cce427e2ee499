import { useEffect, useState } from 'react';
import { useAuth } from './session';

/**
 * An object URL for a file the API serves only with the token (an attachment, its thumbnail), for
 * `<img src>`; `null` until it has loaded or when `path` is null. Released when no longer shown.
 */
export function useFileUrl(path: string | null): { url: string | null; failed: boolean } {
  const { client } = useAuth();
  const [state, setState] = useState<{ path: string | null; url: string | null; failed: boolean }>({
    path: null,
    url: null,
    failed: false,
  });
  useEffect(() => {
    if (!path) return;
    const abort = new AbortController();
    let objectUrl: string | null = null;
    client
      .blob(path, abort.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setState({ path, url: objectUrl, failed: false });
      })
      .catch(() => {
        if (!abort.signal.aborted) setState({ path, url: null, failed: true });
      });
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [client, path]);
  return state.path === path
    ? { url: state.url, failed: state.failed }
    : { url: null, failed: false };
}

/** Fetches a file with the token and hands it to the browser as a download named `name`. */
export async function downloadFile(
  client: { blob(path: string): Promise<Blob> },
  path: string,
  name: string,
): Promise<void> {
  const objectUrl = URL.createObjectURL(await client.blob(path));
  try {
    const link = document.createElement('a');
    link.href = objectUrl;
    link.download = name;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the URL is no longer needed once it has.
    setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  }
}
