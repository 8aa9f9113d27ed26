import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENT_FORMATS, renderDocument } from './document-renderer';

const MARKDOWN = ['# Travel Plan', '', 'Pack **light** and early.', '', '## Days', '- Monday: arrive', '1. Tuesday: museum', '', '```', 'budget = 300', '```'].join('\n');

/** A string of the PDF's info dictionary (direct or by reference), decoded from PDFDocEncoding or UTF-16BE. */
function pdfInfoString(pdf: Buffer, key: string): string | undefined {
  const raw = pdf.toString('latin1');
  const reference = new RegExp(`/${key} (\\d+) 0 R`).exec(raw);
  const literal = reference ? new RegExp(`\\n${reference[1]} 0 obj\\n\\((.*?)\\)\\nendobj`, 's').exec(raw)?.[1] : new RegExp(`/${key} \\((.*?)\\)`).exec(raw)?.[1];
  if (literal === undefined) return undefined;
  const unescaped = literal.replace(/\\([()\\])/g, '$1');
  return unescaped.startsWith('\u00fe\u00ff') ? Buffer.from(unescaped.slice(2), 'latin1').swap16().toString('utf16le') : unescaped;
}

/** WinAnsiEncoding, which pdfkit uses for the standard fonts: Latin-1 except for 0x80–0x9F. */
const WIN_ANSI_EXTRAS: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes].map((byte) => WIN_ANSI_EXTRAS[byte] ?? String.fromCharCode(byte)).join('');
}

/** The text lines drawn on the PDF's pages, with their font size (pdfkit writes standard fonts as hex strings). */
function pdfTextLines(pdf: Buffer): Array<{ size: number; text: string }> {
  const raw = pdf.toString('latin1');
  const lines: Array<{ size: number; text: string }> = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue; // not a content stream (fonts are not compressed the same way)
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const body = block[1] ?? '';
      const size = Number(/\/F\d+ ([\d.]+) Tf/.exec(body)?.[1] ?? NaN);
      const text = [...body.matchAll(/<([0-9a-f]+)>/g)].map((hex) => decodeWinAnsi(Buffer.from(hex[1] ?? '', 'hex'))).join('');
      lines.push({ size, text });
    }
  }
  return lines;
}

const scratch = mkdtempSync(join(tmpdir(), 'sb-docx-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

/** One entry of a zip, through the system's unzip. */
function unzipEntry(zip: Buffer, entry: string): string {
  const path = join(scratch, `${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(path, zip);
  const result = spawnSync('unzip', ['-p', path, entry], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`unzip ${entry}: ${result.stderr}`);
  return result.stdout;
}

/** The text of each paragraph of a word/document.xml, with its style. */
function docxParagraphs(xml: string): Array<{ style: string | undefined; text: string; numbered: boolean }> {
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((paragraph) => {
    const body = paragraph[1] ?? '';
    return {
      style: /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1],
      text: [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
      numbered: body.includes('<w:numPr>'),
    };
  });
}

describe('renderDocument', () => {
  it('offers pdf, docx, md, xlsx, csv and pptx', () => {
    expect([...DOCUMENT_FORMATS]).toEqual(['pdf', 'docx', 'md', 'xlsx', 'csv', 'pptx']);
  });

  describe('md', () => {
    it('adds the title as a heading when the Markdown has none', async () => {
      const document = await renderDocument('md', 'Notes', 'Just a line.\n- and a bullet');

      expect(document).toMatchObject({ mime: 'text/markdown', extension: 'md' });
      expect(document.data.toString('utf8')).toBe('# Notes\n\nJust a line.\n- and a bullet');
    });

    it('keeps Markdown that already starts with a heading as it is', async () => {
      const document = await renderDocument('md', 'Ignored', MARKDOWN);

      expect(document.data.toString('utf8')).toBe(MARKDOWN);
    });

    it('writes UTF-8', async () => {
      const document = await renderDocument('md', 'Überblick', 'Grüße – 你好');

      expect(document.data.equals(Buffer.from('# Überblick\n\nGrüße – 你好', 'utf8'))).toBe(true);
    });
  });

  describe('pdf', () => {
    it('produces a PDF with the title and creator in its info dictionary', async () => {
      const document = await renderDocument('pdf', 'Quarterly Report', MARKDOWN);

      expect(document).toMatchObject({ mime: 'application/pdf', extension: 'pdf' });
      expect(document.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(document.data.subarray(-6).toString('latin1')).toContain('%%EOF');
      expect(pdfInfoString(document.data, 'Title')).toBe('Quarterly Report');
      expect(pdfInfoString(document.data, 'Creator')).toBe('Switchboard');
    });

    it('keeps a non-ASCII title intact', async () => {
      const document = await renderDocument('pdf', 'Überblick (Entwurf) 你好', 'Text.');

      expect(pdfInfoString(document.data, 'Title')).toBe('Überblick (Entwurf) 你好');
    });

    it('lays out the blocks: the H1 as the title, then text, bullets and code', async () => {
      const lines = pdfTextLines((await renderDocument('pdf', 'Other Title', MARKDOWN)).data);

      expect(lines.map((line) => line.text)).toEqual(['Travel Plan', 'Pack light and early.', 'Days', '•  Monday: arrive', '1.  Tuesday: museum', 'budget = 300']);
      expect(lines.map((line) => line.size)).toEqual([20, 11, 16, 11, 11, 9.5]);
    });

    it('draws the title first when the Markdown does not start with an H1', async () => {
      const lines = pdfTextLines((await renderDocument('pdf', 'Packing List', '## Clothes\n\nWarm ones.')).data);

      expect(lines.map((line) => [line.text, line.size])).toEqual([
        ['Packing List', 20],
        ['Clothes', 16],
        ['Warm ones.', 11],
      ]);
    });
  });

  describe('docx', () => {
    it('produces a zip with the document parts and the title in its properties', async () => {
      const document = await renderDocument('docx', 'Quarterly Report', MARKDOWN);

      expect(document).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' });
      expect(document.data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe(true);
    });

    it.skipIf(!hasUnzip)('contains the text, with heading styles, numbered bullets and the title (needs unzip)', async () => {
      const document = await renderDocument('docx', 'Quarterly Report', MARKDOWN);

      expect(unzipEntry(document.data, 'docProps/core.xml')).toContain('<dc:title>Quarterly Report</dc:title>');
      expect(docxParagraphs(unzipEntry(document.data, 'word/document.xml'))).toEqual([
        { style: 'Heading1', text: 'Travel Plan', numbered: false },
        { style: undefined, text: 'Pack light and early.', numbered: false },
        { style: 'Heading2', text: 'Days', numbered: false },
        { style: 'ListParagraph', text: 'Monday: arrive', numbered: true },
        { style: undefined, text: '1. Tuesday: museum', numbered: false },
        { style: undefined, text: 'budget = 300', numbered: false },
      ]);
    });

    it.skipIf(!hasUnzip)('starts with a Title paragraph when the Markdown does not start with an H1 (needs unzip)', async () => {
      const document = await renderDocument('docx', 'Packing List', '## Clothes\n\nWarm & dry <ones>.');

      expect(docxParagraphs(unzipEntry(document.data, 'word/document.xml'))).toEqual([
        { style: 'Title', text: 'Packing List', numbered: false },
        { style: 'Heading2', text: 'Clothes', numbered: false },
        { style: undefined, text: 'Warm &amp; dry &lt;ones&gt;.', numbered: false },
      ]);
    });
  });
});
