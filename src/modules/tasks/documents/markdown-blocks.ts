/** The block structure of the Markdown that models write, enough to lay out a document. */
export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  /** `marker`: `•` for a bullet, `3.` for the third item of a numbered list. */
  | { type: 'bullet'; text: string; marker: string }
  | { type: 'code'; text: string }
  | { type: 'paragraph'; text: string };

const CODE_SPAN = /`([^`]+)`/g;
/** Private-use characters mark where code spans were lifted out while emphasis is stripped. */
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** A link or image: the label (no brackets inside), then a target that may hold balanced parentheses. */
const LINK = /!?\[([^[\]]*)\]\((?:[^()\s]|\([^()]*\))*\)/g;
/**
 * Strong emphasis, `**text**` and `__text__`, whose text may hold the marker itself. When an
 * opening marker has no closing one, no later marker on that line has one either, so the second
 * branch takes the rest of the line as it is: otherwise the engine searches the line again from
 * each of those markers (quadratic).
 */
const STRONG_STARS = /(?<![\w*])\*\*(?=\S)(?:(.+?)(?<=\S)\*\*(?![\w*])|.*)/g;
const STRONG_UNDERSCORES = /(?<!\w)__(?=\S)(?:(.+?)(?<=\S)__(?!\w)|.*)/g;
const textOrAsIs = (whole: string, text: string | undefined): string => text ?? whole;

/**
 * Strips inline Markdown down to its text: links and images keep their label, emphasis markers
 * go only where they really are markers (not `my_var_name`, not `2 * 3`), code spans stay verbatim.
 */
export function plainInline(text: string): string {
  const spans: string[] = [];
  const protectedText = text.replace(CODE_SPAN, (_, code: string) => `\uE000${spans.push(code) - 1}\uE001`);
  return protectedText
    .replace(LINK, '$1')
    .replace(STRONG_STARS, textOrAsIs)
    .replace(STRONG_UNDERSCORES, textOrAsIs)
    .replace(/(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])/g, '$1')
    .replace(/(?<!\w)_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?!\w)/g, '$1')
    .replace(PLACEHOLDER, (_, index: string) => spans[Number(index)] ?? '');
}

const THEMATIC_BREAK = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

export function parseMarkdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) blocks.push({ type: 'paragraph', text: plainInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^```/.test(line.trim())) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !/^```/.test((lines[i] ?? '').trim())) code.push(lines[i] ?? '');
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      flush();
      continue;
    }
    // The text starts after all the whitespace (`\S.*`): with `.*` the engine would retry every
    // split of that whitespace on a line that holds a separator `.` does not match (U+2028).
    const heading = /^(#{1,6})\s+(\S.*)?$/.exec(line);
    const bullet = /^\s*(?:([-*+])|(\d+)[.)])\s+(\S.*)?$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: Math.min(3, (heading[1] ?? '#').length) as 1 | 2 | 3, text: plainInline(heading[2] ?? '') });
    } else if (bullet) {
      flush();
      blocks.push({ type: 'bullet', text: plainInline(bullet[3] ?? ''), marker: bullet[2] !== undefined ? `${bullet[2]}.` : '•' });
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

/** True when the document already has a level-1 heading to serve as its title. */
export function hasTitle(blocks: Block[]): boolean {
  return blocks.some((block) => block.type === 'heading' && block.level === 1);
}
