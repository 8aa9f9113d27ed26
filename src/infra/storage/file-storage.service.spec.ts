import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/app-config';
import { FileStorageService } from './file-storage.service';

let root: string;
let storage: FileStorageService;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sb-storage-'));
  storage = new FileStorageService(loadConfig({ STORAGE_DIR: root }));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const KEY = /^(\d{4})\/(\d{2})\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.([a-z0-9]+)$/;

describe('FileStorageService', () => {
  it('stores data under a fresh year/month/uuid key and reads it back', async () => {
    const data = randomBytes(100_000);
    const before = new Date();

    const key = await storage.put(data, 'pdf');

    const after = new Date();
    const match = KEY.exec(key);
    expect(match, key).not.toBeNull();
    // Either side of a month boundary is right.
    const months = [before, after].map((at) => `${at.getUTCFullYear()}/${at.getUTCMonth() + 1}`);
    expect(months).toContain(`${Number(match?.[1])}/${Number(match?.[2])}`);
    expect(match?.[3]).toBe('pdf');
    expect((await readAll(storage.read(key))).equals(data)).toBe(true);
    expect((await readFile(join(root, key))).equals(data)).toBe(true);
  });

  it('never reuses a key', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => storage.put(Buffer.from(String(i)), 'txt')));

    expect(new Set(keys).size).toBe(20);
    expect(await Promise.all(keys.map(async (key) => (await readAll(storage.read(key))).toString()))).toEqual(keys.map((_, i) => String(i)));
  });

  it('stores an empty file', async () => {
    const key = await storage.put(Buffer.alloc(0), 'bin');

    expect((await readAll(storage.read(key))).length).toBe(0);
  });

  it.each([
    ['PDF', 'pdf'],
    ['.docx', 'docx'],
    ['../../etc/passwd', 'etcpasswd'],
    ['tar.gz', 'targz'],
    ['m p 3', 'mp3'],
    ['averyveryverylongextension', 'averyveryv'],
    ['', 'bin'],
    ['../..', 'bin'],
    ['ünï', 'n'],
  ])('sanitises the extension %j to %j', async (extension, expected) => {
    const key = await storage.put(Buffer.from('x'), extension);

    expect(key.split('.').at(-1)).toBe(expected);
    expect(KEY.test(key)).toBe(true);
    expect(existsSync(join(root, key))).toBe(true);
  });

  it('deletes a file, and deleting it again is fine', async () => {
    const key = await storage.put(Buffer.from('bye'), 'txt');

    await storage.delete(key);
    await storage.delete(key);

    expect(existsSync(join(root, key))).toBe(false);
    await expect(readAll(storage.read(key))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    '2026/11/../../../etc/passwd',
    '2026/11/00000000-0000-0000-0000-000000000000.txt/../../../../etc/passwd',
    '2026/11/00000000-0000-0000-0000-000000000000.txt\n',
    '2026/11/../11/00000000-0000-0000-0000-000000000000.txt',
    '2026\\11\\00000000-0000-0000-0000-000000000000.txt',
    '2026/11/00000000-0000-0000-0000-000000000000',
    '2026/11/00000000-0000-0000-0000-000000000000.TXT',
    '',
  ])('refuses the key %j for read and delete', async (key) => {
    expect(() => storage.read(key)).toThrow('invalid storage key');
    await expect(storage.delete(key)).rejects.toThrow('invalid storage key');
  });

  it('does not delete a file outside its root through a crafted key', async () => {
    const outside = join(root, '..', `sb-storage-victim-${randomBytes(4).toString('hex')}.txt`);
    await writeFile(outside, 'keep me');
    try {
      const relative = `../${outside.split('/').at(-1)}`;
      await expect(storage.delete(relative)).rejects.toThrow('invalid storage key');
      expect(await readFile(outside, 'utf8')).toBe('keep me');
    } finally {
      await rm(outside, { force: true });
    }
  });
});
