import { describe, expect, it } from 'vitest';
import type { StoredFile } from '../api/chats';
import { attachmentsReducer, failureText, formatFileSize, sendableFileIds, sendBlocker, type Attachment, type AttachmentAction } from './attachments';

const FILE_ID = '7d0c5a57-9a4e-4a5e-9d8f-0b6a7c1e2f30';

function stored(overrides: Partial<StoredFile> = {}): StoredFile {
  return { id: FILE_ID, name: 'notes.md', mime: 'text/markdown', size: 2048, state: 'uploaded', url: `/api/v1/files/${FILE_ID}/content`, ...overrides };
}

function run(...actions: AttachmentAction[]): Attachment[] {
  return actions.reduce<Attachment[]>((list, action) => attachmentsReducer(list, action), []);
}

const added: AttachmentAction = { type: 'added', key: 'a1', name: 'notes.md', size: 2048, mime: '' };

describe('attachmentsReducer', () => {
  it('goes uploading n% → reading → indexing → ready as the upload and the server move on', () => {
    let list = run(added, { type: 'progress', key: 'a1', percent: 42 });
    expect(list[0]).toMatchObject({ phase: 'uploading', percent: 42, fileId: null });

    list = attachmentsReducer(list, { type: 'uploaded', key: 'a1', file: stored() });
    expect(list[0]).toMatchObject({ phase: 'reading', percent: null, fileId: FILE_ID, mime: 'text/markdown', serverState: 'uploaded' });

    list = attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'extracting', progress: 30 });
    expect(list[0]).toMatchObject({ phase: 'reading', percent: 30 });
    list = attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'extracting', progress: 60 });
    expect(list[0]).toMatchObject({ phase: 'reading', percent: 60 });

    list = attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'extracted', progress: 100 });
    expect(list[0]).toMatchObject({ phase: 'ready', percent: null });
    list = attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'vectorizing' });
    expect(list[0]).toMatchObject({ phase: 'indexing' });
    list = attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'vectorized' });
    expect(list[0]).toMatchObject({ phase: 'ready' });
  });

  it('never goes back to an older state (a late event, a refetch answered after an event)', () => {
    const list = run(added, { type: 'uploaded', key: 'a1', file: stored() }, { type: 'fileState', fileId: FILE_ID, state: 'extracted' });
    expect(attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'extracting', progress: 50 })).toBe(list);
    expect(attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'uploaded' })).toBe(list);
  });

  it('keeps progress within 0–100 and ignores states it does not know', () => {
    const list = run(added, { type: 'uploaded', key: 'a1', file: stored() }, { type: 'fileState', fileId: FILE_ID, state: 'extracting', progress: 250 });
    expect(list[0].percent).toBe(100);
    const unknown = { type: 'fileState', fileId: FILE_ID, state: 'melting' } as unknown as AttachmentAction;
    expect(attachmentsReducer(list, unknown)).toBe(list);
  });

  it('shows a refused upload with the reason, and a failed reading with the explanation of its stored error', () => {
    const refused = run(added, { type: 'uploadFailed', key: 'a1', error: 'This type of file is not accepted.' });
    expect(refused[0]).toMatchObject({ phase: 'failed', error: 'This type of file is not accepted.', percent: null });

    const failed = run(added, { type: 'uploaded', key: 'a1', file: stored() }, { type: 'fileState', fileId: FILE_ID, state: 'failed' });
    expect(failed[0]).toMatchObject({ phase: 'failed', error: null });
    // The reason comes with the refetched file.
    const explained = attachmentsReducer(failed, { type: 'fileState', fileId: FILE_ID, state: 'failed', error: 'ENCRYPTED: The PDF is password-protected.' });
    expect(explained[0].error).toBe('The PDF is password-protected.');
  });

  it('reads images like documents (their text is OCR\'d): ready once extracted', () => {
    const list = run(added, { type: 'uploaded', key: 'a1', file: stored({ name: 'a.png', mime: 'image/png' }) });
    expect(list[0].phase).toBe('reading');
    expect(attachmentsReducer(list, { type: 'fileState', fileId: FILE_ID, state: 'extracted' })[0].phase).toBe('ready');
  });

  it('ignores progress and answers for a chip that was removed or is no longer uploading', () => {
    const removed = run(added, { type: 'removed', key: 'a1' });
    expect(removed).toEqual([]);
    expect(attachmentsReducer(removed, { type: 'progress', key: 'a1', percent: 10 })).toBe(removed);
    expect(attachmentsReducer(removed, { type: 'uploaded', key: 'a1', file: stored() })).toBe(removed);
    const ready = run(added, { type: 'uploaded', key: 'a1', file: stored({ state: 'extracted' }) });
    expect(attachmentsReducer(ready, { type: 'progress', key: 'a1', percent: 10 })).toBe(ready);
  });
});

describe('sending with attachments', () => {
  it('waits for bytes still uploading, not for the reading; a failed file blocks until removed', () => {
    const uploading = run(added);
    expect(sendBlocker(uploading)).toBe('uploading');
    expect(sendableFileIds(uploading)).toEqual([]);

    const reading = run(added, { type: 'uploaded', key: 'a1', file: stored() });
    expect(sendBlocker(reading)).toBeNull();
    expect(sendableFileIds(reading)).toEqual([FILE_ID]);

    const failed = attachmentsReducer(reading, { type: 'fileState', fileId: FILE_ID, state: 'failed' });
    expect(sendBlocker(failed)).toBe('failed');
    expect(sendableFileIds(failed)).toEqual([]);
    expect(sendBlocker(attachmentsReducer(failed, { type: 'removed', key: 'a1' }))).toBeNull();
  });
});

describe('failureText', () => {
  it('keeps the explanation of `CODE: explanation`, and any other text as it is', () => {
    expect(failureText('TOO_LARGE: The document has more than 2000 pages.')).toBe('The document has more than 2000 pages.');
    expect(failureText('Something odd: here')).toBe('Something odd: here');
    expect(failureText('CORRUPT: ')).toBe("This file couldn't be read.");
  });
});

describe('formatFileSize', () => {
  it('names bytes, kilobytes and megabytes', () => {
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(2048)).toBe('2.0 KB');
    expect(formatFileSize(350 * 1024)).toBe('350 KB');
    expect(formatFileSize(3.4 * 1024 * 1024)).toBe('3.4 MB');
  });
});
