import PDFDocument from 'pdfkit';

/** A PDF with a text layer, one page per entry of `pages` (pdfkit, as document generation uses). */
export function buildPdf(pages: string[]): Promise<Buffer> {
  const pdf = new PDFDocument({ autoFirstPage: false, compress: true });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  for (const text of pages) pdf.addPage().fontSize(12).text(text);
  pdf.end();
  return done;
}
