import { useCallback, useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { isUnsupported } from '../../lib/query-client';
import { useAuth } from '../../lib/session';
import { uploadAttachment } from '../../lib/upload';
import type { Draft } from './use-send-message';

export interface UploadState {
  key: string;
  name: string;
  progress: number;
  error: string | null;
  cancel(): void;
}

/** Max upload size the contract names as the default (the server has the last word). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Uploads files to the room, then sends a `file` or `image` message that refers to each. Turns
 * itself off (`supported` false) once the server answers that it has no attachments endpoint.
 */
export function useAttachments(roomId: string, send: (draft: Draft) => void) {
  const { client } = useAuth();
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [supported, setSupported] = useState(true);

  const patch = (key: string, change: Partial<UploadState>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  const drop = (key: string) => setUploads((list) => list.filter((u) => u.key !== key));

  const upload = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = crypto.randomUUID();
        if (file.size > MAX_FILE_BYTES) {
          setUploads((list) => [
            ...list,
            {
              key,
              name: file.name,
              progress: 0,
              error: 'Larger than 10 MB.',
              cancel: () => drop(key),
            },
          ]);
          continue;
        }
        const job = uploadAttachment(client, roomId, file, (progress) => patch(key, { progress }));
        setUploads((list) => [
          ...list,
          { key, name: file.name, progress: 0, error: null, cancel: () => job.cancel() },
        ]);
        job.promise
          .then((attachment) => {
            drop(key);
            const isImage = /^image\/(png|jpeg|gif|webp)$/.test(attachment.contentType);
            send({
              content: attachment.name,
              type: isImage ? 'image' : 'file',
              attachmentId: attachment.id,
            });
          })
          .catch((e) => {
            if (e instanceof DOMException && e.name === 'AbortError') {
              drop(key);
            } else if (isUnsupported(e)) {
              drop(key);
              setSupported(false);
            } else {
              patch(key, { error: errorMessage(e), cancel: () => drop(key) });
            }
          });
      }
    },
    [client, roomId, send],
  );

  return { uploads, upload: supported ? upload : undefined };
}
