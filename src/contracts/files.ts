/**
 * Files as they travel in JSON (docs/api.md, files). Types only: the server's DTOs implement
 * them and the client imports them, so neither side keeps a copy of its own (README, repository layout).
 */

/** uploaded → extracting → extracted → vectorizing → vectorized, or failed. */
export type FileState = 'uploaded' | 'extracting' | 'extracted' | 'vectorizing' | 'vectorized' | 'failed';

/** A stored file; `url` downloads its content (`GET /files/:id/content`). */
export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  state: FileState;
  url: string;
  /** Why the file failed, `CODE: explanation` (e.g. `TOO_LARGE: …`), when `state` is `failed`. */
  error?: string;
}

/** A file as a stream's `task_file` event names it: enough to show and download it. */
export type FileLink = Pick<StoredFile, 'id' | 'name' | 'mime' | 'url'>;
