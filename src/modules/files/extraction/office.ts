import { ExtractionError, type ExtractedDocument, type ExtractionLimits, type ProgressListener, type TextSection } from './document-kind';
import { attribute, decodeEntities, scanMarkup, sectionsFromBlocks, type Block } from './markup';
import { ZipArchive } from './zip-archive';

/** Opens an Office/OpenDocument zip under the limits and always closes it. */
async function withArchive<T>(data: Buffer, limits: ExtractionLimits, read: (zip: ZipArchive) => Promise<T>): Promise<T> {
  const zip = await ZipArchive.open(data, limits);
  try {
    return await read(zip);
  } finally {
    zip.close();
  }
}

/** Word: paragraphs of word/document.xml, `Heading N` / `Title` styles as headings, tables row by row. */
export function extractDocx(data: Buffer, limits: ExtractionLimits): Promise<ExtractedDocument> {
  return withArchive(data, limits, async (zip) => {
    if (zip.has('EncryptedPackage')) throw new ExtractionError('ENCRYPTED', 'The document is encrypted.');
    const xml = await zip.readText('word/document.xml');
    const blocks: Block[] = [];
    let text = '';
    let level: number | undefined;
    let inText = false;
    scanMarkup(
      xml,
      (tag) => {
        if (tag.name === 'w:t') {
          inText = !tag.closing && !tag.selfClosing;
        } else if (tag.name === 'w:p' && !tag.closing) {
          text = '';
          level = undefined;
        } else if (tag.name === 'w:pstyle') {
          level = headingLevel(attribute(tag, 'w:val'));
        } else if (tag.name === 'w:tab' && !tag.closing) {
          text += ' ';
        } else if ((tag.name === 'w:br' || tag.name === 'w:cr') && !tag.closing) {
          text += '\n';
        } else if (tag.name === 'w:p' && tag.closing) {
          blocks.push({ text, level });
          text = '';
        } else if (tag.name === 'w:tc' && tag.closing) {
          text += ' | ';
        }
      },
      // Word's text sits in <w:t>; anything else between tags is indentation.
      (chunk) => {
        if (inText) text += decodeEntities(chunk);
      },
    );
    return { sections: sectionsFromBlocks(blocks) };
  });
}

/** `Heading2` → 2, `Title` → 1; other styles are body text. */
function headingLevel(style: string | null): number | undefined {
  if (!style) return undefined;
  const lower = style.toLowerCase();
  if (lower === 'title') return 1;
  const match = /^heading ?([1-6])$/.exec(lower);
  return match ? Number(match[1]) : undefined;
}

/** PowerPoint: each slide's paragraphs, in slide order, as its own page. */
export function extractPptx(data: Buffer, limits: ExtractionLimits, onProgress: ProgressListener = () => undefined): Promise<ExtractedDocument> {
  return withArchive(data, limits, async (zip) => {
    const slides = zip
      .names()
      .map((name) => ({ name, number: slideNumber(name) }))
      .filter((slide): slide is { name: string; number: number } => slide.number !== null)
      .sort((a, b) => a.number - b.number);
    if (slides.length > limits.maxPages) throw new ExtractionError('TOO_LARGE', `The presentation has ${slides.length} slides; at most ${limits.maxPages} are read.`);
    const sections: TextSection[] = [];
    for (const [index, slide] of slides.entries()) {
      sections.push(...sectionsFromBlocks(paragraphs(await zip.readText(slide.name), 'a:p', 'a:t'), index + 1));
      onProgress(Math.floor(((index + 1) / slides.length) * 100));
    }
    return { sections, pages: slides.length };
  });
}

function slideNumber(name: string): number | null {
  const match = /^ppt\/slides\/slide([0-9]{1,6})\.xml$/.exec(name);
  return match ? Number(match[1]) : null;
}

/** The text of every `paragraph` element, reading only what sits inside `textTag` elements. */
function paragraphs(xml: string, paragraph: string, textTag: string): Block[] {
  const blocks: Block[] = [];
  let text = '';
  let inText = false;
  scanMarkup(
    xml,
    (tag) => {
      if (tag.name === textTag) inText = !tag.closing && !tag.selfClosing;
      else if (tag.name === paragraph && tag.closing) {
        blocks.push({ text });
        text = '';
      }
    },
    (chunk) => {
      if (inText) text += decodeEntities(chunk);
    },
  );
  return blocks;
}

/** OpenDocument text: `text:h` headings (with their outline level) and `text:p` paragraphs of content.xml. */
export function extractOdt(data: Buffer, limits: ExtractionLimits): Promise<ExtractedDocument> {
  return withArchive(data, limits, async (zip) => {
    const manifest = zip.has('META-INF/manifest.xml') ? await zip.readText('META-INF/manifest.xml') : '';
    if (manifest.includes('encryption-data')) throw new ExtractionError('ENCRYPTED', 'The document is encrypted.');
    const xml = await zip.readText('content.xml');
    const blocks: Block[] = [];
    let text = '';
    let level: number | undefined;
    let depth = 0;
    scanMarkup(
      xml,
      (tag) => {
        const block = tag.name === 'text:p' || tag.name === 'text:h';
        if (block && !tag.closing && !tag.selfClosing) {
          if (depth === 0) {
            text = '';
            level = tag.name === 'text:h' ? Math.min(6, Math.max(1, Number(attribute(tag, 'text:outline-level') ?? 1) || 1)) : undefined;
          }
          depth++;
        } else if (block && tag.closing) {
          depth = Math.max(0, depth - 1);
          if (depth === 0) blocks.push({ text, level });
        } else if (depth > 0 && (tag.name === 'text:s' || tag.name === 'text:tab')) {
          text += ' ';
        } else if (depth > 0 && tag.name === 'text:line-break') {
          text += '\n';
        }
      },
      (chunk) => {
        if (depth > 0) text += decodeEntities(chunk);
      },
    );
    return { sections: sectionsFromBlocks(blocks) };
  });
}

/** Excel: each sheet under its name as a heading, a row per line with cells separated by tabs. */
export function extractXlsx(data: Buffer, limits: ExtractionLimits): Promise<ExtractedDocument> {
  return withArchive(data, limits, async (zip) => {
    if (zip.has('EncryptedPackage')) throw new ExtractionError('ENCRYPTED', 'The workbook is encrypted.');
    const shared = zip.has('xl/sharedStrings.xml') ? sharedStrings(await zip.readText('xl/sharedStrings.xml')) : [];
    const sections: TextSection[] = [];
    for (const sheet of await sheets(zip)) {
      if (!zip.has(sheet.path)) continue;
      const rows = sheetRows(await zip.readText(sheet.path), shared);
      if (rows.length > 0) sections.push({ headings: [sheet.name], text: rows.join('\n') });
    }
    return { sections };
  });
}

/** Sheet names and their part paths, in workbook order. */
async function sheets(zip: ZipArchive): Promise<Array<{ name: string; path: string }>> {
  const targets = new Map<string, string>();
  scanMarkup(
    await zip.readText('xl/_rels/workbook.xml.rels'),
    (tag) => {
      if (tag.name !== 'relationship' || tag.closing) return;
      const id = attribute(tag, 'Id');
      const target = attribute(tag, 'Target');
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    },
    () => undefined,
  );
  const found: Array<{ name: string; path: string }> = [];
  scanMarkup(
    await zip.readText('xl/workbook.xml'),
    (tag) => {
      if (tag.name !== 'sheet' || tag.closing) return;
      const path = targets.get(attribute(tag, 'r:id') ?? '');
      if (path) found.push({ name: attribute(tag, 'name') ?? path, path });
    },
    () => undefined,
  );
  return found;
}

function sharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  scanMarkup(
    xml,
    (tag) => {
      if (tag.name === 't') inText = !tag.closing && !tag.selfClosing;
      else if (tag.name === 'si' && tag.closing) {
        strings.push(current);
        current = '';
      }
    },
    (chunk) => {
      if (inText) current += decodeEntities(chunk);
    },
  );
  return strings;
}

/** Rows of a worksheet: shared strings resolved, inline strings and values as written. */
function sheetRows(xml: string, shared: string[]): string[] {
  const rows: string[] = [];
  let cells: string[] = [];
  let type: string | null = null;
  let value = '';
  let reading = false;
  scanMarkup(
    xml,
    (tag) => {
      if (tag.name === 'c' && !tag.closing) {
        type = attribute(tag, 't');
        value = '';
      } else if (tag.name === 'v' || tag.name === 't') {
        reading = !tag.closing && !tag.selfClosing;
      } else if (tag.name === 'c' && tag.closing) {
        cells.push(type === 's' ? (shared[Number(value)] ?? '') : value);
      } else if (tag.name === 'row' && tag.closing) {
        const row = cells.join('\t').trim();
        if (row) rows.push(row);
        cells = [];
      }
    },
    (chunk) => {
      if (reading) value += decodeEntities(chunk);
    },
  );
  return rows;
}
