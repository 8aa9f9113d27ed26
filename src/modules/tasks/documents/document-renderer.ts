import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import type { GeneratedMedia } from '../../ai/ai.types';
import { buildCsv } from './csv-writer';
import { hasTitle, parseMarkdownBlocks, type Block } from './markdown-blocks';
import { buildPptx } from './pptx-writer';
import { extractTables } from './tables';
import { buildXlsx } from './xlsx-writer';

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'md', 'xlsx', 'csv', 'pptx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Formats that hold a table: the text's tables go in, not its prose. */
export const TABLE_FORMATS: ReadonlySet<DocumentFormat> = new Set(['xlsx', 'csv']);

/**
 * Turns Markdown into a downloadable document: PDF (pdfkit), DOCX (docx), the Markdown itself,
 * a workbook or CSV of its tables (`language` reads their numbers: "1,250" is 1250 in English, 1.25 in German),
 * or a slide deck (pptxgenjs).
 */
export async function renderDocument(format: DocumentFormat, title: string, markdown: string, language = 'en'): Promise<GeneratedMedia> {
  switch (format) {
    case 'xlsx':
      return { data: buildXlsx(title, extractTables(markdown, language)), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
    case 'csv': {
      // CSV holds one table: the text's first.
      const [table] = extractTables(markdown, language);
      return { data: buildCsv(table ?? { rows: [], header: false }), mime: 'text/csv', extension: 'csv' };
    }
    case 'pptx':
      return { data: await buildPptx(title, markdown), mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' };
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
