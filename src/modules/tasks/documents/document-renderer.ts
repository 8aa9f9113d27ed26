import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import type { GeneratedMedia } from '../../ai/ai.types';
import { hasTitle, parseMarkdownBlocks, type Block } from './markdown-blocks';

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'md'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Turns Markdown into a downloadable document: PDF (pdfkit), DOCX (docx) or the Markdown itself. */
export async function renderDocument(format: DocumentFormat, title: string, markdown: string): Promise<GeneratedMedia> {
  switch (format) {
    case 'md':
      return { data: Buffer.from(hasTitle(parseMarkdownBlocks(markdown)) ? markdown : `# ${title}\n\n${markdown}`, 'utf8'), mime: 'text/markdown', extension: 'md' };
    case 'docx':
      return { data: await renderDocx(title, parseMarkdownBlocks(markdown)), mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
    case 'pdf':
      return { data: await renderPdf(title, parseMarkdownBlocks(markdown)), mime: 'application/pdf', extension: 'pdf' };
  }
}

function renderPdf(title: string, blocks: Block[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Creator: 'Switchboard' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    if (!hasTitle(blocks)) pdf.font('Helvetica-Bold').fontSize(20).text(title).moveDown(0.6);
    for (const block of blocks) {
      switch (block.type) {
        case 'heading':
          pdf.moveDown(0.4).font('Helvetica-Bold').fontSize([20, 16, 13][block.level - 1] ?? 13).text(block.text).moveDown(0.3);
          break;
        case 'bullet':
          pdf.font('Helvetica').fontSize(11).text(`${block.marker}  ${block.text}`, { indent: 12 });
          break;
        case 'code':
          pdf.moveDown(0.2).font('Courier').fontSize(9.5).text(block.text).moveDown(0.4);
          break;
        case 'paragraph':
          pdf.font('Helvetica').fontSize(11).text(block.text, { align: 'left' }).moveDown(0.5);
          break;
      }
    }
    pdf.end();
  });
}

function renderDocx(title: string, blocks: Block[]): Promise<Buffer> {
  const headings = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
  const children = blocks.map((block) => {
    switch (block.type) {
      case 'heading':
        return new Paragraph({ text: block.text, heading: headings[block.level - 1] });
      case 'bullet':
        return block.marker === '•' ? new Paragraph({ text: block.text, bullet: { level: 0 } }) : new Paragraph({ text: `${block.marker} ${block.text}` });
      case 'code':
        return new Paragraph({ children: [new TextRun({ text: block.text, font: 'Courier New' })] });
      case 'paragraph':
        return new Paragraph({ text: block.text });
    }
  });
  const document = new Document({
    creator: 'Switchboard',
    title,
    sections: [{ children: hasTitle(blocks) ? children : [new Paragraph({ text: title, heading: HeadingLevel.TITLE }), ...children] }],
  });
  return Packer.toBuffer(document);
}
