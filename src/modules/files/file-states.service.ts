import { Injectable, Logger } from '@nestjs/common';
import { UserChannel } from '../realtime/user-channel.service';
import type { UserEventMap } from '../realtime/user-events';
import type { FileState, StoredFile } from './file.entity';

/** Enough of a file to change its state: which, and whose (to tell them). */
export type FileRef = Pick<StoredFile, 'id' | 'userId'>;
import { FilesRepository } from './files.repository';

/** Longest `error` kept on a file (the column's size). */
const MAX_ERROR = 1000;

/**
 * A file's processing state (uploaded → extracting → extracted → vectorizing → vectorized, or
 * failed), changed only here so every change is also announced on the owner's user channel as
 * `file.updated`: the file's progress shows live, wherever the work runs (extraction, indexing).
 */
@Injectable()
export class FileStates {
  private readonly logger = new Logger(FileStates.name);

  constructor(
    private readonly files: FilesRepository,
    private readonly users: UserChannel,
  ) {}

  async set(file: FileRef, state: FileState, progress?: number): Promise<void> {
    await this.files.setState(file.id, state);
    this.announce(file, { fileId: file.id, state, ...(progress !== undefined ? { progress } : {}) });
  }

  /** Progress within the current state, announced without a write. */
  progress(file: FileRef, state: FileState, progress: number): void {
    this.announce(file, { fileId: file.id, state, progress });
  }

  /** Fails the file with `CODE: explanation`, which clients show and branch on. */
  async fail(file: FileRef, code: string, message: string): Promise<'failed'> {
    this.logger.warn(`file ${file.id}: ${code}: ${message}`);
    await this.files.setState(file.id, 'failed', `${code}: ${message}`.slice(0, MAX_ERROR));
    this.announce(file, { fileId: file.id, state: 'failed' });
    return 'failed';
  }

  private announce(file: FileRef, update: UserEventMap['file.updated']): void {
    this.users.notify(file.userId, 'file.updated', update);
  }
}
