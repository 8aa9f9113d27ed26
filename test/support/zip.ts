import { once } from 'node:events';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One entry of a zip the tests build: its bytes, or already-deflated bytes with the sizes to declare. */
export type ZipEntry =
  | { name: string; data: Buffer | string }
  | { name: string; deflated: Buffer; crc: number; size: number; declaredSize?: number };

/**
 * A minimal zip writer (deflate, no zip64) for building DOCX/XLSX/PPTX/ODT fixtures and hostile
 * archives — a bomb, a header that lies about its size — that no well-behaved library would write.
 * `stored` names entries written uncompressed (OpenDocument's `mimetype`).
 */
export function buildZip(entries: ZipEntry[], stored: ReadonlySet<string> = new Set()): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let body: Buffer;
    let crc: number;
    let size: number;
    let method = 8;
    if ('data' in entry) {
      const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
      crc = crc32(raw);
      size = raw.length;
      if (stored.has(entry.name)) {
        method = 0;
        body = raw;
      } else {
        body = deflateRawSync(raw);
      }
    } else {
      body = entry.deflated;
      crc = entry.crc;
      size = entry.declaredSize ?? entry.size;
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** `megabytes` MB of zeros, deflated 1 MB at a time: a bomb's payload, built without holding it whole. */
export async function deflatedZeros(megabytes: number): Promise<{ deflated: Buffer; crc: number; size: number }> {
  const block = Buffer.alloc(1024 * 1024);
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of deflate) chunks.push(chunk as Buffer);
  })();
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(block, crc);
    if (!deflate.write(block)) await once(deflate, 'drain');
  }
  deflate.end();
  await collected;
  return { deflated: Buffer.concat(chunks), crc, size: megabytes * 1024 * 1024 };
}

/** A DOCX whose body is `paragraphs`; a `heading` level gives the paragraph the `HeadingN` style. */
export function buildDocx(paragraphs: Array<{ text: string; heading?: number }>): Buffer {
  const body = paragraphs
    .map(({ text, heading }) => `<w:p>${heading ? `<w:pPr><w:pStyle w:val="Heading${heading}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`)
    .join('');
  return buildZip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'word/document.xml', data: `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>` },
  ]);
}

/** An XLSX with one sheet per entry of `sheets`, rows of cells written as shared strings. */
export function buildXlsx(sheets: Record<string, string[][]>): Buffer {
  const strings: string[] = [];
  const index = (value: string): number => {
    const found = strings.indexOf(value);
    return found >= 0 ? found : strings.push(value) - 1;
  };
  const names = Object.keys(sheets);
  const sheetParts = names.map((name, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data: `<worksheet><sheetData>${(sheets[name] ?? []).map((row) => `<row>${row.map((cell) => `<c t="s"><v>${index(cell)}</v></c>`).join('')}</row>`).join('')}</sheetData></worksheet>`,
  }));
  return buildZip([
    { name: 'xl/workbook.xml', data: `<workbook><sheets>${names.map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships>${names.map((_, i) => `<Relationship Id="rId${i + 1}" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>` },
    { name: 'xl/sharedStrings.xml', data: `<sst>${strings.map((s) => `<si><t>${escapeXml(s)}</t></si>`).join('')}</sst>` },
    ...sheetParts,
  ]);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
