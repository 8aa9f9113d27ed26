import type { StoredFile as StoredFileContract } from '../../../contracts/files';
import type { FileState, StoredFile } from '../file.entity';

/** A file as clients see it; `url` downloads the content (`GET /files/:id/content`). */
export class FileDto implements StoredFileContract {
  id!: string;
  name!: string;
  mime!: string;
  size!: number;
  state!: FileState;
  url!: string;
  /** Why the file failed, `CODE: explanation` (e.g. `TOO_LARGE: …`), when `state` is `failed`. */
  error?: string;

  static from(file: StoredFile): FileDto {
    return {
      id: file.id,
      name: file.name,
      mime: file.mime,
      size: file.size,
      state: file.state,
      url: `/api/v1/files/${file.id}/content`,
      ...(file.error ? { error: file.error } : {}),
    };
  }
}
