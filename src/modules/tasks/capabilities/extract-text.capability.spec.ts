import { describe, expect, it } from 'vitest';
import type { FileDto } from '../../files/dto/file.dto';
import type { ExtractedDocument } from '../../files/extraction/document-kind';
import type { FileTextService } from '../../files/file-text.service';
import type { FilesService } from '../../files/files.service';
import { CapabilityError } from './capability';
import { ExtractTextCapability } from './extract-text.capability';
import { recordedNodeRun, type RecordedNodeRun } from './testing/node-run';

/** A FilesService holding contents by file id. */
class FakeFiles {
  readonly reads: Array<[string, string]> = [];

  constructor(private readonly contents: Record<string, string>) {}

  readContent(userId: string, id: string): Promise<Buffer> {
    this.reads.push([userId, id]);
    const content = this.contents[id];
    return content === undefined ? Promise.reject(new Error(`no content for ${id}`)) : Promise.resolve(Buffer.from(content, 'utf8'));
  }
}

/** A FileTextService holding the extracted text of some files. */
class FakeTexts {
  constructor(private readonly documents: Record<string, ExtractedDocument> = {}) {}

  textOf(_userId: string, id: string): Promise<ExtractedDocument | null> {
    return Promise.resolve(this.documents[id] ?? null);
  }
}

function capabilityOver(files: FakeFiles, texts = new FakeTexts()): ExtractTextCapability {
  return new ExtractTextCapability(files as unknown as FilesService, texts as unknown as FileTextService);
}

function fileOf(id: string, name: string, mime: string): FileDto {
  return { id, name, mime, size: 1, state: 'uploaded', url: `/api/v1/files/${id}/content` };
}

function nodeRun(files: FileDto[]): RecordedNodeRun {
  return recordedNodeRun({ request: 'Read this', inputs: { text: '', values: {}, files, fromSteps: false } });
}

describe('ExtractTextCapability', () => {
  it('is a text capability named extract_text', () => {
    expect(capabilityOver(new FakeFiles({}))).toMatchObject({ name: 'extract_text', kind: 'text' });
  });

  it('returns the text of a single plain-text file as it is, for its owner', async () => {
    const files = new FakeFiles({ f1: 'Grüße aus Berlin\nZeile 2' });
    const run = nodeRun([fileOf('f1', 'notes.txt', 'text/plain')]);

    const result = await capabilityOver(files).run(run);

    expect(result).toEqual({ text: 'Grüße aus Berlin\nZeile 2' });
    expect(files.reads).toEqual([['user-1', 'f1']]);
    expect(run.emitted).toEqual(['Grüße aus Berlin\nZeile 2']);
    expect(run.progress).toEqual([100]);
  });

  it.each(['text/plain', 'text/markdown', 'text/csv', 'text/html', 'application/json', 'application/xml', 'application/x-yaml', 'application/yaml', 'application/csv', 'application/x-ndjson'])(
    'reads %s',
    async (mime) => {
      const result = await capabilityOver(new FakeFiles({ f1: 'content' })).run(nodeRun([fileOf('f1', 'file', mime)]));
      expect(result.text).toBe('content');
    },
  );

  it('heads each file with its name when there are several', async () => {
    const files = new FakeFiles({ a: 'alpha', b: '{"b":1}' });
    const run = nodeRun([fileOf('a', 'a.md', 'text/markdown'), fileOf('b', 'b.json', 'application/json')]);

    const result = await capabilityOver(files).run(run);

    expect(result.text).toBe('## a.md\n\nalpha\n\n## b.json\n\n{"b":1}');
    expect(run.progress).toEqual([50, 100]);
  });

  it('skips files it cannot read and never opens them', async () => {
    const files = new FakeFiles({ t: 'plain words' });
    const run = nodeRun([fileOf('p', 'report.pdf', 'application/pdf'), fileOf('t', 'notes.txt', 'text/plain')]);

    const result = await capabilityOver(files).run(run);

    expect(result.text).toBe('## notes.txt\n\nplain words');
    expect(files.reads).toEqual([['user-1', 't']]);
  });

  it('fails with EXTRACTION_UNAVAILABLE, listing the files, when none is plain text', async () => {
    const files = new FakeFiles({});
    const run = nodeRun([
      fileOf('p', 'report.pdf', 'application/pdf'),
      fileOf('i', 'scan.png', 'image/png'),
      fileOf('d', 'cv.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ]);

    const error = await capabilityOver(files).run(run).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect((error as CapabilityError).code).toBe('EXTRACTION_UNAVAILABLE');
    expect((error as CapabilityError).message).toBe(
      'Text cannot be extracted from report.pdf (application/pdf), scan.png (image/png), cv.docx (application/vnd.openxmlformats-officedocument.wordprocessingml.document) yet; only plain-text files and uploads whose text was extracted are read.',
    );
    expect(files.reads).toEqual([]);
    expect(run.emitted).toEqual([]);
  });

  it('reads the text extracted on upload, without opening the file', async () => {
    const files = new FakeFiles({});
    const texts = new FakeTexts({ p: { pages: 2, sections: [{ page: 1, text: 'Page one.' }, { page: 2, text: 'Page two.' }] } });
    const run = nodeRun([fileOf('p', 'report.pdf', 'application/pdf')]);

    const result = await capabilityOver(files, texts).run(run);

    expect(result.text).toBe('Page one.\n\nPage two.');
    expect(files.reads).toEqual([]);
  });

  it('fails with NO_INPUT when no file is attached', async () => {
    const error = await capabilityOver(new FakeFiles({})).run(nodeRun([])).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect((error as CapabilityError).code).toBe('NO_INPUT');
  });

  it('shows at most 2000 characters of a long text on the task card but returns all of it', async () => {
    const long = 'x'.repeat(2500);
    const run = nodeRun([fileOf('f', 'long.txt', 'text/plain')]);

    const result = await capabilityOver(new FakeFiles({ f: long })).run(run);

    expect(result.text).toBe(long);
    expect(run.emitted).toEqual([`${'x'.repeat(2000)}…`]);
  });

  it('lets a storage failure through', async () => {
    const run = nodeRun([fileOf('gone', 'gone.txt', 'text/plain')]);

    await expect(capabilityOver(new FakeFiles({})).run(run)).rejects.toThrow('no content for gone');
  });
});
