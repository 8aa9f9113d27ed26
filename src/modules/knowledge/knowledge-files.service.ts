import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileState } from '../files/file.entity';
import { FilesService, type IndexableFile, type SearchGroup } from '../files/files.service';

/** How far along a file is, by state, for the "reading your file" progress. */
const STATE_PROGRESS: Record<FileState, number> = { uploaded: 0, extracting: 25, extracted: 50, vectorizing: 75, vectorized: 100, failed: 100 };
/** Between two looks at the files' states (in MariaDB, so any node's worker may be doing the work). */
const POLL_INTERVAL_MS = 250;

export interface FilesReadiness {
  /** Files whose text could not be read (their `error` says why). */
  failed: IndexableFile[];
  /** Files still being read when the wait ended. */
  pending: IndexableFile[];
}

/**
 * A message's attachments made searchable before it is answered: attached to the chat, extracted
 * and indexed (starting whatever they still need), then waited for, so a question about a file
 * still being read is answered with it rather than without it.
 */
@Injectable()
export class KnowledgeFiles {
  constructor(private readonly files: FilesService) {}

  /**
   * Resolves once every readable file among `fileIds` is indexed or failed, or after `timeoutMs`.
   * `onWaiting` is called once if any file is not ready yet, then `onProgress` (0–100) as they move.
   */
  async prepare(
    userId: string,
    fileIds: string[],
    group: SearchGroup,
    options: { timeoutMs: number; signal: AbortSignal; onWaiting?: () => void; onProgress?: (percent: number) => void },
  ): Promise<FilesReadiness> {
    let files = await this.files.prepareForSearch(userId, fileIds, group);
    const deadline = Date.now() + options.timeoutMs;
    let reported = -1;
    while (files.some(notDone)) {
      if (reported < 0) options.onWaiting?.();
      const percent = Math.round(files.reduce((sum, file) => sum + STATE_PROGRESS[file.state], 0) / files.length);
      if (percent !== reported) options.onProgress?.((reported = percent));
      if (Date.now() >= deadline) break;
      await sleep(POLL_INTERVAL_MS, undefined, { signal: options.signal });
      files = await this.files.indexable(userId, files.map((file) => file.id));
    }
    return { failed: files.filter((file) => file.state === 'failed'), pending: files.filter(notDone) };
  }
}

function notDone(file: IndexableFile): boolean {
  return file.state !== 'vectorized' && file.state !== 'failed';
}
