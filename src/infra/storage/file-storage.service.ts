import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppConfig } from '../../config/app-config';

/**
 * Blob storage on a local (or shared, e.g. NFS) directory, STORAGE_DIR. Keys are generated here,
 * never taken from users, so no path can escape the root.
 */
@Injectable()
export class FileStorageService {
  private readonly root: string;

  constructor(config: AppConfig) {
    this.root = resolve(config.storage.dir);
  }

  /** Stores `data` under a fresh key like `2026/11/<uuid>.pdf` and returns the key. */
  async put(data: Buffer, extension: string): Promise<string> {
    const now = new Date();
    const safeExtension = extension.replace(/[^a-z0-9]/gi, '').slice(0, 10).toLowerCase() || 'bin';
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}.${safeExtension}`;
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    return key;
  }

  read(key: string): ReadStream {
    return createReadStream(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}\.[a-z0-9]{1,10}$/.test(key)) throw new Error(`invalid storage key: ${key}`);
    return join(this.root, key);
  }
}
