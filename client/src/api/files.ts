import type { StoredFile } from './chats';
import { API_BASE, ApiError, authorized, request } from './http';

/**
 * A file's content URL usable where no header can be sent (`<a href>`, `<img src>`, `<audio src>`):
 * the access token goes in the query, which the server accepts for file content.
 */
export function fileContentUrl(url: string, accessToken: string | undefined): string {
  if (!accessToken) return url;
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}token=${encodeURIComponent(accessToken)}`;
}

/** For a file known only by id (message attachments, task results). */
export function fileUrlById(id: string): string {
  return `/api/v1/files/${encodeURIComponent(id)}/content`;
}

export function fetchFile(id: string, signal?: AbortSignal): Promise<StoredFile> {
  return request(`/files/${encodeURIComponent(id)}`, { signal });
}

export function deleteFile(id: string): Promise<void> {
  return request(`/files/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/**
 * `POST /files` with the document as multipart field `file`, to be read and indexed for search
 * (`processLevel=vectorize`). XMLHttpRequest rather than fetch: only it reports upload progress
 * (`onProgress`, 0–100). The token handling and errors are those of every other request.
 */
export async function uploadFile(file: File, onProgress: (percent: number) => void, signal: AbortSignal): Promise<StoredFile> {
  const response = await authorized((accessToken) => sendUpload(file, accessToken, onProgress, signal));
  return (await response.json()) as StoredFile;
}

function sendUpload(file: File, accessToken: string | undefined, onProgress: (percent: number) => void, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const form = new FormData();
    // The server reads text fields only before the file part.
    form.append('processLevel', 'vectorize');
    form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/files`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(100, (event.loaded / event.total) * 100));
    };
    const abort = () => xhr.abort();
    signal.addEventListener('abort', abort, { once: true });
    xhr.onloadend = () => signal.removeEventListener('abort', abort);
    xhr.onload = () => {
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('Retry-After');
      if (retryAfter) headers.set('Retry-After', retryAfter);
      // A Response, so the caller reads it (and its errors) like any fetch response.
      resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers }));
    };
    xhr.onerror = () => reject(new ApiError('NETWORK_ERROR', 0, 'The server could not be reached.'));
    xhr.onabort = () => reject(abortReason(signal));
    xhr.send(form);
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The upload was cancelled.', 'AbortError');
}
