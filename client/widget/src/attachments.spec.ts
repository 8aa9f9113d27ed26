import { describe, expect, it } from 'vitest';
import { admitFiles, attachedIds, chipLabel, chipStateOf, formatSize, updateAttachment, uploading, type Attachment } from './attachments';

const LIMITS = { maxBytes: 10 * 1024 * 1024, maxCount: 2 };

function keys(): () => string {
  let n = 0;
  return () => `att:${++n}`;
}

function chip(change: Partial<Attachment> = {}): Attachment {
  return { key: 'att:1', name: 'a.txt', size: 10, state: 'uploading', percent: 0, fileId: null, error: null, ...change };
}

describe('chip states', () => {
  it('follows the file being read on the server', () => {
    expect(['uploaded', 'extracting', 'vectorizing'].map(chipStateOf)).toEqual(['reading', 'reading', 'reading']);
    expect(['extracted', 'vectorized'].map(chipStateOf)).toEqual(['ready', 'ready']);
    expect(chipStateOf('failed')).toBe('failed');
    expect(chipStateOf('something new')).toBe('reading');
  });

  it('says each state in words, with the upload’s progress and the reason of a failure', () => {
    expect(chipLabel(chip({ percent: 42 }))).toBe('Uploading 42%');
    expect(chipLabel(chip({ state: 'reading' }))).toBe('Reading…');
    expect(chipLabel(chip({ state: 'ready' }))).toBe('Ready');
    expect(chipLabel(chip({ state: 'failed', error: 'Too large: files up to 10 MB' }))).toBe('Too large: files up to 10 MB');
    expect(chipLabel(chip({ state: 'failed' }))).toBe('Failed');
  });
});

describe('admitFiles', () => {
  it('uploads what fits and fails what does not, saying why, with the limit', () => {
    const chips = admitFiles(
      [
        { name: 'a.pdf', size: 1000 },
        { name: 'huge.pdf', size: LIMITS.maxBytes + 1 },
        { name: 'empty.txt', size: 0 },
        { name: 'b.txt', size: 5 },
        { name: 'c.txt', size: 5 },
      ],
      [],
      LIMITS,
      keys(),
    );
    expect(chips.map((attachment) => [attachment.key, attachment.name, attachment.state, attachment.error])).toEqual([
      ['att:1', 'a.pdf', 'uploading', null],
      ['att:2', 'huge.pdf', 'failed', 'Too large: files up to 10 MB'],
      ['att:3', 'empty.txt', 'failed', 'The file is empty'],
      ['att:4', 'b.txt', 'uploading', null],
      ['att:5', 'c.txt', 'failed', 'At most 2 files per message'],
    ]);
  });

  it('counts the chips already there, but not failed ones', () => {
    const current = [chip({ state: 'ready', fileId: 'f1' }), chip({ key: 'att:9', state: 'failed' })];
    expect(admitFiles([{ name: 'x', size: 1 }, { name: 'y', size: 1 }], current, LIMITS, keys()).map((attachment) => attachment.state)).toEqual(['uploading', 'failed']);
  });
});

describe('the chip list', () => {
  it('changes only the chip named, and keeps its identity when nothing changed', () => {
    const list = [chip(), chip({ key: 'att:2' })];
    expect(updateAttachment(list, 'att:1', { percent: 0 })).toBe(list);
    expect(updateAttachment(list, 'att:7', { percent: 50 })).toBe(list);
    const next = updateAttachment(list, 'att:2', { state: 'reading', fileId: 'f2' });
    expect(next).not.toBe(list);
    expect(next[0]).toBe(list[0]);
    expect(next[1]).toMatchObject({ state: 'reading', fileId: 'f2' });
  });

  it('holds sending while a file uploads, and sends the ids of the files that did not fail', () => {
    const list = [chip({ state: 'ready', fileId: 'f1' }), chip({ key: 'att:2', state: 'reading', fileId: 'f2' }), chip({ key: 'att:3', state: 'failed', fileId: 'f3' })];
    expect(uploading(list)).toBe(false);
    expect(attachedIds(list)).toEqual(['f1', 'f2']);
    expect(uploading([...list, chip({ key: 'att:4' })])).toBe(true);
  });

  it('writes sizes as people read them', () => {
    expect(formatSize(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(10)).toBe('1 KB');
  });
});
