import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { loadConfig } from '../../config/app-config';
import type { JobQueueService } from '../../infra/queue/job-queue.service';
import { FileStorageService } from '../../infra/storage/file-storage.service';
import type { VectorStore } from '../../infra/vector-store/vector-store';
import type { StoredFile } from './file.entity';
import type { FilesRepository } from './files.repository';
import { FilesService } from './files.service';

/** FilesRepository over an array, scoped by owner like the real one. */
class InMemoryFiles {
  readonly rows: StoredFile[] = [];

  insert(file: Omit<StoredFile, 'createdAt'>): Promise<StoredFile> {
    const row = { ...file, createdAt: new Date() };
    this.rows.push(row);
    return Promise.resolve({ ...row });
  }

  findOwned(userId: string, id: string): Promise<StoredFile | null> {
    return Promise.resolve(this.rows.find((row) => row.id === id && row.userId === userId) ?? null);
  }

  findOwnedMany(userId: string, ids: string[]): Promise<StoredFile[]> {
    return Promise.resolve(this.rows.filter((row) => row.userId === userId && ids.includes(row.id)));
  }

  findByMessage(userId: string, messageId: string): Promise<StoredFile[]> {
    return Promise.resolve(this.rows.filter((row) => row.userId === userId && row.messageId === messageId));
  }

  deleteOwned(userId: string, id: string): Promise<void> {
    const index = this.rows.findIndex((row) => row.id === id && row.userId === userId);
    if (index >= 0) this.rows.splice(index, 1);
    return Promise.resolve();
  }
}

let root: string;
let storage: FileStorageService;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sb-files-'));
  storage = new FileStorageService(loadConfig({ STORAGE_DIR: root }));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function setup(): { repository: InMemoryFiles; files: FilesService } {
  const repository = new InMemoryFiles();
  const queue = { enqueue: vi.fn() } as unknown as JobQueueService;
  const vectors = { delete: vi.fn(() => Promise.resolve(0)) } as unknown as VectorStore;
  return { repository, files: new FilesService(repository as unknown as FilesRepository, storage, queue, vectors) };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function notFound(promise: Promise<unknown>): Promise<void> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppException);
  expect((error as AppException).code).toBe(ErrorCode.NotFound);
}

const PDF = { userId: 'alice', messageId: 'message-1', name: 'report.pdf', mime: 'application/pdf', extension: 'pdf', data: Buffer.from('%PDF-1.3 fake') };

describe('FilesService', () => {
  it('saves a generated file: the bytes in storage, the record for the message', async () => {
    const { repository, files } = setup();

    const file = await files.saveGenerated(PDF);

    expect(file).toEqual({ id: expect.any(String), name: 'report.pdf', mime: 'application/pdf', size: 13, state: 'uploaded', url: `/api/v1/files/${file.id}/content` });
    expect(repository.rows).toEqual([
      expect.objectContaining({ id: file.id, userId: 'alice', messageId: 'message-1', origin: 'generated', state: 'uploaded', error: null, size: 13, storageKey: expect.stringMatching(/\.pdf$/) }),
    ]);
    expect((await readAll(storage.read(repository.rows[0]?.storageKey ?? ''))).toString()).toBe('%PDF-1.3 fake');
  });

  it('reads the content of a file for its owner only', async () => {
    const { files } = setup();
    const file = await files.saveGenerated({ ...PDF, data: Buffer.from('hello, text'), mime: 'text/plain', extension: 'txt' });

    expect((await files.readContent('alice', file.id)).toString()).toBe('hello, text');
    await notFound(files.readContent('mallory', file.id));
    await notFound(files.readContent('alice', 'no-such-id'));
  });

  it('opens the content as a stream with the file description', async () => {
    const { files } = setup();
    const file = await files.saveGenerated(PDF);

    const opened = await files.openContent('alice', file.id);

    expect(opened.file).toEqual(file);
    expect((await readAll(opened.stream)).equals(PDF.data)).toBe(true);
    await notFound(files.openContent('mallory', file.id));
  });

  it('returns the files asked for in the order asked, and refuses unknown or foreign ones', async () => {
    const { files } = setup();
    const a = await files.saveGenerated({ ...PDF, name: 'a.pdf' });
    const b = await files.saveGenerated({ ...PDF, name: 'b.pdf' });
    const foreign = await files.saveGenerated({ ...PDF, userId: 'mallory', name: 'm.pdf' });

    expect((await files.getMany('alice', [b.id, a.id])).map((file) => file.name)).toEqual(['b.pdf', 'a.pdf']);
    expect(await files.getMany('alice', [])).toEqual([]);
    await notFound(files.getMany('alice', [a.id, foreign.id]));
    await notFound(files.getMany('alice', ['missing']));
    expect(await files.get('alice', a.id)).toEqual(a);
    await notFound(files.get('alice', foreign.id));
  });

  it('lists the files of a message for its owner', async () => {
    const { files } = setup();
    const one = await files.saveGenerated(PDF);
    const two = await files.saveGenerated({ ...PDF, name: 'second.pdf' });
    await files.saveGenerated({ ...PDF, messageId: 'message-2' });

    expect(await files.listForMessage('alice', 'message-1')).toEqual([one, two]);
    expect(await files.listForMessage('mallory', 'message-1')).toEqual([]);
  });

  it('deletes the record and the bytes, for the owner only', async () => {
    const { repository, files } = setup();
    const file = await files.saveGenerated(PDF);
    const key = repository.rows[0]?.storageKey ?? '';

    await notFound(files.delete('mallory', file.id));
    expect((await readAll(storage.read(key))).equals(PDF.data)).toBe(true);

    await files.delete('alice', file.id);

    expect(repository.rows).toEqual([]);
    await expect(readAll(storage.read(key))).rejects.toMatchObject({ code: 'ENOENT' });
    await notFound(files.readContent('alice', file.id));
  });
});
