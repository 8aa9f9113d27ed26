import PptxGenJS from 'pptxgenjs';
import { parseMarkdownBlocks, type Block } from './markdown-blocks';
import { readMarkdownTable } from './tables';

/** What one slide shows under its title: bullet points and text, and at most one table. */
interface SlidePlan {
  title: string;
  items: Array<{ text: string; bullet: boolean; code: boolean }>;
  table?: string[][];
}

type DeckBlock = Block | { type: 'table'; rows: string[][] };

/** More lines than this do not fit a slide at a readable size: the section goes on over more slides. */
const MAX_ITEMS_PER_SLIDE = 7;
const MAX_TABLE_ROWS_PER_SLIDE = 12;
const MAX_SLIDES = 60;
const MAX_SUBTITLE_CHARS = 200;
const FONT = 'Calibri';

/**
 * A 16:9 deck from Markdown: a title slide (the document's title, and its opening paragraph as
 * subtitle when that is short), then one slide per heading with the section's bullet points,
 * paragraphs and code, and a section's first table as a slide table. Long sections continue on
 * further slides, numbered.
 */
export async function buildPptx(title: string, markdown: string): Promise<Buffer> {
  const plan = planSlides(title, deckBlocks(markdown));
  const deck = new PptxGenJS();
  deck.layout = 'LAYOUT_WIDE';
  deck.title = title;
  deck.author = 'Switchboard';
  deck.company = 'Switchboard';

  const cover = deck.addSlide();
  cover.addText(plan.title, { x: 0.8, y: 2.3, w: 11.7, h: 1.5, fontFace: FONT, fontSize: 40, bold: true, color: '1F2937', valign: 'bottom' });
  if (plan.subtitle) cover.addText(plan.subtitle, { x: 0.8, y: 4.0, w: 11.7, h: 1.2, fontFace: FONT, fontSize: 20, color: '4B5563', valign: 'top' });

  for (const slidePlan of plan.slides) {
    const slide = deck.addSlide();
    slide.addText(slidePlan.title, { x: 0.6, y: 0.35, w: 12.1, h: 0.9, fontFace: FONT, fontSize: 28, bold: true, color: '1F2937' });
    const bodyTop = 1.4;
    let tableTop = bodyTop;
    if (slidePlan.items.length > 0) {
      const height = slidePlan.table ? Math.min(2.6, 0.45 * slidePlan.items.length + 0.2) : 5.6;
      slide.addText(
        slidePlan.items.map((item) => ({
          text: item.text,
          options: { bullet: item.bullet, breakLine: true, fontFace: item.code ? 'Courier New' : FONT, fontSize: item.code ? 14 : 20, paraSpaceAfter: 6 },
        })),
        { x: 0.6, y: bodyTop, w: 12.1, h: height, valign: 'top', color: '1F2937' },
      );
      tableTop = bodyTop + height + 0.2;
    }
    if (slidePlan.table) {
      const [header = [], ...rows] = slidePlan.table;
      slide.addTable(
        [header.map((text) => ({ text, options: { bold: true, fill: { color: 'E5E7EB' } } })), ...rows.map((row) => row.map((text) => ({ text })))],
        { x: 0.6, y: tableTop, w: 12.1, fontFace: FONT, fontSize: 14, border: { type: 'solid', pt: 0.5, color: '9CA3AF' }, autoPage: false },
      );
    }
  }
  const data = await deck.write({ outputType: 'nodebuffer', compression: true });
  return data as Buffer;
}

/** The Markdown's blocks, with its Markdown tables lifted out whole (parseMarkdownBlocks would run them into a paragraph). */
function deckBlocks(markdown: string): DeckBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: DeckBlock[] = [];
  let text: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const table = readMarkdownTable(lines, i);
    if (!table) {
      text.push(lines[i] ?? '');
      continue;
    }
    blocks.push(...parseMarkdownBlocks(text.join('\n')), { type: 'table', rows: table.rows });
    text = [];
    i = table.next - 1;
  }
  blocks.push(...parseMarkdownBlocks(text.join('\n')));
  return blocks;
}

function planSlides(title: string, blocks: DeckBlock[]): { title: string; subtitle?: string; slides: SlidePlan[] } {
  // The document's H1 is the deck's title when it has one; its other headings open slides.
  const h1 = blocks.findIndex((block) => block.type === 'heading' && block.level === 1);
  const deckTitle = h1 >= 0 ? (blocks[h1] as { text: string }).text : title;
  const rest = h1 >= 0 ? [...blocks.slice(0, h1), ...blocks.slice(h1 + 1)] : blocks;
  const firstHeading = rest.findIndex((block) => block.type === 'heading');
  const opening = firstHeading < 0 ? rest : rest.slice(0, firstHeading);
  let subtitle: string | undefined;
  const first = opening[0];
  if (first?.type === 'paragraph' && first.text.length <= MAX_SUBTITLE_CHARS) {
    subtitle = first.text;
    opening.shift();
  }
  const sections: Array<{ title: string; blocks: DeckBlock[] }> = opening.length > 0 ? [{ title: deckTitle, blocks: opening }] : [];
  for (const block of firstHeading < 0 ? [] : rest.slice(firstHeading)) {
    if (block.type === 'heading') sections.push({ title: block.text, blocks: [] });
    else sections.at(-1)?.blocks.push(block);
  }
  return { title: deckTitle, subtitle, slides: sections.flatMap(sectionSlides).slice(0, MAX_SLIDES) };
}

/** A section's slides: its items in slides of at most seven, its first table on the last of them (or one of its own). */
function sectionSlides(section: { title: string; blocks: DeckBlock[] }): SlidePlan[] {
  const items = section.blocks.flatMap((block) => {
    switch (block.type) {
      case 'bullet':
        return [{ text: block.marker === '•' ? block.text : `${block.marker} ${block.text}`, bullet: block.marker === '•', code: false }];
      case 'paragraph':
        return [{ text: block.text, bullet: false, code: false }];
      case 'code':
        return [{ text: block.text, bullet: false, code: true }];
      default:
        return [];
    }
  });
  const table = section.blocks.find((block): block is { type: 'table'; rows: string[][] } => block.type === 'table')?.rows.slice(0, MAX_TABLE_ROWS_PER_SLIDE + 1);
  const slides: SlidePlan[] = [];
  for (let start = 0; start < items.length; start += MAX_ITEMS_PER_SLIDE) slides.push({ title: section.title, items: items.slice(start, start + MAX_ITEMS_PER_SLIDE) });
  if (table) {
    const last = slides.at(-1);
    // A table shares a slide with at most three lines of text; otherwise it gets its own.
    if (last && last.items.length <= 3) last.table = table;
    else slides.push({ title: section.title, items: [], table });
  }
  if (slides.length === 0) slides.push({ title: section.title, items: [] });
  return slides.map((slide, index) => (slides.length > 1 ? { ...slide, title: `${slide.title} (${index + 1}/${slides.length})` } : slide));
}
