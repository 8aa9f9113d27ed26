import { trimTrailing } from '../../../common/trim-trailing';
import { parseMarkdownBlocks, type Block } from '../../tasks/documents/markdown-blocks';

/**
 * The HTML part of an answer, from its Markdown: headings, lists, code blocks and paragraphs as
 * the document renderer reads them (parseMarkdownBlocks, inline emphasis reduced to its text),
 * with links kept clickable. Everything is escaped, so nothing a model or a person wrote becomes
 * markup. Linear in the text on purpose: a CommonMark parser (micromark) takes minutes on a few
 * dozen kilobytes of nested emphasis or quotes, and whoever writes to a mailbox can coax an answer
 * into any shape.
 */

/** Longer answers are sent as escaped text in one block: laid out, they would only be harder to read. */
const MAX_RENDERED_CHARS = 200_000;
/**
 * `[label](http…)`: written out as "label (url)" before the blocks are read, so the address
 * survives (the block reader keeps only a link's label). Neither part can hold a bracket, so each
 * character is scanned a bounded number of times.
 */
const LINK = /\[([^[\]\n]*)\]\((https?:\/\/[^()\s]+)\)/g;
/** A bare web address in text, up to whitespace or a character that cannot be in one. */
const URL = /https?:\/\/[^\s<>"'`]+/g;
/** Punctuation after an address belongs to the sentence. */
const URL_TRAILING = '.,;:!?)]\'"*_';

export function markdownToHtml(markdown: string): string {
  const body =
    markdown.length > MAX_RENDERED_CHARS ? `<p style="white-space: pre-wrap">${linked(markdown)}</p>` : renderBlocks(parseMarkdownBlocks(markdown.replace(LINK, '$1 ($2)')));
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif; line-height: 1.5">\n${body}</body></html>\n`;
}

function renderBlocks(blocks: readonly Block[]): string {
  const html: string[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (block === undefined) continue;
    if (block.type === 'bullet') {
      // Consecutive items of one kind (bulleted or numbered) make one list.
      const tag = block.marker === '•' ? 'ul' : 'ol';
      const items: string[] = [];
      for (let item = blocks[i]; item?.type === 'bullet' && (item.marker === '•') === (tag === 'ul'); item = blocks[++i]) items.push(`<li>${linked(item.text)}</li>`);
      i--;
      html.push(`<${tag}>\n${items.join('\n')}\n</${tag}>`);
    } else if (block.type === 'heading') {
      html.push(`<h${block.level}>${linked(block.text)}</h${block.level}>`);
    } else if (block.type === 'code') {
      html.push(`<pre><code>${escapeHtml(block.text)}</code></pre>`);
    } else {
      html.push(`<p>${linked(block.text)}</p>`);
    }
  }
  return html.map((element) => `${element}\n`).join('');
}

/** Escaped text with its web addresses as links. */
function linked(text: string): string {
  let html = '';
  let done = 0;
  for (const match of text.matchAll(URL)) {
    const url = trimTrailing(match[0], URL_TRAILING);
    if (url.endsWith('//')) continue;
    html += `${escapeHtml(text.slice(done, match.index))}<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    done = match.index + url.length;
  }
  return html + escapeHtml(text.slice(done));
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
