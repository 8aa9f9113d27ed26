import type { ExtractedDocument } from './document-kind';
import { scanMarkup, decodeEntities, sectionsFromBlocks, type Block } from './markup';

/** Elements whose content is never text to read. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg']);
/** Elements that end a line of text; h1–h6 are headings and handled apart. */
const BLOCK = new Set(['p', 'div', 'li', 'tr', 'br', 'section', 'article', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dd', 'dt', 'hr', 'main', 'header', 'footer', 'nav', 'aside', 'figcaption']);

/** HTML: visible text, paragraphs at block elements, `h1`–`h6` as headings; script and style dropped. */
export function extractHtml(html: string): ExtractedDocument {
  const blocks: Block[] = [];
  let text = '';
  let level: number | undefined;
  let hidden = 0;
  const end = (): void => {
    blocks.push({ text, level });
    text = '';
    level = undefined;
  };
  scanMarkup(
    html,
    (tag) => {
      if (HIDDEN.has(tag.name)) {
        if (!tag.selfClosing) hidden = Math.max(0, hidden + (tag.closing ? -1 : 1));
        return;
      }
      const heading = /^h([1-6])$/.exec(tag.name);
      if (heading) {
        end();
        if (!tag.closing) level = Number(heading[1]);
      } else if (BLOCK.has(tag.name)) {
        end();
      } else if (tag.name === 'td' || tag.name === 'th') {
        if (tag.closing) text += ' | ';
      }
    },
    (chunk) => {
      if (hidden === 0) text += decodeEntities(chunk).replace(/\s+/g, ' ');
    },
  );
  end();
  return { sections: sectionsFromBlocks(blocks) };
}

/** Markdown: ATX headings (`#` … `######`) and paragraphs between blank lines; the rest is kept as written. */
export function extractMarkdown(markdown: string): ExtractedDocument {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const end = (): void => {
    if (paragraph.length > 0) blocks.push({ text: paragraph.join('\n') });
    paragraph = [];
  };
  for (const line of lines(markdown)) {
    const heading = /^ {0,3}(#{1,6})[ \t](.*)$/.exec(line);
    if (heading) {
      end();
      blocks.push({ text: withoutClosingHashes(heading[2] ?? ''), level: heading[1]?.length });
    } else if (line.trim() === '') {
      end();
    } else {
      paragraph.push(line);
    }
  }
  end();
  return { sections: sectionsFromBlocks(blocks) };
}

/** Plain text: paragraphs between blank lines. CSV is read the same way: one row per line. */
export function extractPlainText(text: string): ExtractedDocument {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  for (const line of lines(text)) {
    if (line.trim() === '') {
      if (paragraph.length > 0) blocks.push({ text: paragraph.join('\n') });
      paragraph = [];
    } else {
      paragraph.push(line);
    }
  }
  if (paragraph.length > 0) blocks.push({ text: paragraph.join('\n') });
  return { sections: sectionsFromBlocks(blocks) };
}

/** `## Title ##` → `Title` (Markdown allows closing hashes), by hand: a regex for it backtracks. */
function withoutClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '#') end--;
  return end === 0 || trimmed[end - 1] === ' ' || trimmed[end - 1] === '\t' ? trimmed.slice(0, end).trim() : trimmed.trim();
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}
