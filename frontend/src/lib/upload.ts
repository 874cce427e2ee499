import type { ApiClient } from './api-client';
import { ApiError, parseErrorResponse } from './api-error';
import type { Attachment } from './types';

export interface Upload {
  promise: Promise<Attachment>;
  cancel(): void;
}

/**
 * `POST /api/rooms/{id}/attachments` as multipart, with progress (fetch cannot report upload
 * progress, XMLHttpRequest can) and cancel. A 401 refreshes the token once and starts over.
 */
export function uploadAttachment(
  client: ApiClient,
  roomId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Upload {
  let xhr: XMLHttpRequest | null = null;
  let cancelled = false;
  const attempt = (retried: boolean): Promise<Attachment> =>
    new Promise<Attachment>((resolve, reject) => {
      const req = new XMLHttpRequest();
      xhr = req;
      req.open('POST', `/api/rooms/${encodeURIComponent(roomId)}/attachments`);
      const token = client.getAccessToken();
      if (token) req.setRequestHeader('Authorization', `Bearer ${token}`);
      req.setRequestHeader('Accept', 'application/json');
      req.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      req.onerror = () => reject(new Error('The upload failed: no connection.'));
      req.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
      req.onload = () => {
        if (req.status === 401 && !retried) {
          client
            .refresh()
            .then((r) => (r ? attempt(true) : Promise.reject(new Error('Signed out'))))
            .then(resolve, reject);
          return;
        }
        const response = new Response(req.responseText, {
          status: req.status,
          headers: { 'Content-Type': req.getResponseHeader('Content-Type') ?? 'application/json' },
        });
        if (req.status >= 200 && req.status < 300) {
          resolve(JSON.parse(req.responseText) as Attachment);
        } else {
          parseErrorResponse(response).then(reject, () =>
            reject(new ApiError({ status: req.status, title: 'Upload failed' })),
          );
        }
      };
      const body = new FormData();
      body.append('file', file, file.name);
      if (!cancelled) req.send(body);
    });
  return {
    promise: attempt(false),
    cancel() {
      cancelled = true;
      (xhr as XMLHttpRequest | null)?.abort();
    },
  };
}
