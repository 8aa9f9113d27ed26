import { execFile } from 'node:child_process';
import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/**
 * Scanned documents made by the tests themselves: a page of text rasterised by pdftoppm (what a
 * scanner hands over), and PDFs whose pages are only such images (no text layer).
 */

/** A text PDF's first page as a PNG, as a scanner would make it (pdftoppm, poppler-utils). */
export async function scanOf(text: string, dpi = 150): Promise<Buffer> {
  const pdf = await render((document) => document.addPage().fontSize(24).text(text));
  return new Promise<Buffer>((resolve, reject) => {
    const child = execFile('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(new Error(`pdftoppm failed: ${error.message}`, { cause: error })) : resolve(stdout),
    );
    child.stdin?.end(pdf);
  });
}

/** A PDF whose pages are the given images only, each filling an A4 page: no text layer at all. */
export function imageOnlyPdf(images: Buffer[]): Promise<Buffer> {
  return render((document) => addImagePages(document, images));
}

/** A PDF with a page of text followed by image-only pages: a document with some pages scanned. */
export function mixedPdf(text: string, images: Buffer[]): Promise<Buffer> {
  return render((document) => {
    document.addPage().fontSize(12).text(text);
    addImagePages(document, images);
  });
}

function addImagePages(document: PDFKit.PDFDocument, images: Buffer[]): void {
  for (const image of images) document.addPage({ size: 'A4', margin: 0 }).image(image, 0, 0, { fit: [595, 842] });
}

function render(draw: (document: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const document = new PDFDocument({ autoFirstPage: false, compress: true });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  draw(document);
  document.end();
  return done;
}

/** A plain white (or grey) PNG, made without any image library: enough for a page that only paints an image. */
export function blankPng(width: number, height: number, grey = 0xff): Buffer {
  const row = Buffer.alloc(1 + width, grey);
  row[0] = 0; // filter type: none
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter method, no interlace
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
