/**
 * Citation marks in an answer's text: `[1]`, or several at once as `[1, 3]`. Numbers of at most
 * three digits, at most ten in one mark; the pattern has no nested or overlapping repetition, so
 * it runs in linear time on any text.
 */
const CITATION_MARK = /\[(\d{1,3}(?:, ?\d{1,3}){0,9})\]/g;

export type MarkPiece = { text: string } | { n: number };

/** The text cut into plain runs and the citation numbers between them, in order. */
export function splitCitationMarks(text: string): MarkPiece[] {
  const pieces: MarkPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(CITATION_MARK)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    for (const number of match[1].split(',')) pieces.push({ n: Number(number.trim()) });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** The few mdast fields this plugin reads and writes (react-markdown's syntax tree). */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, unknown>; hChildren?: Array<{ type: 'text'; value: string }> };
}

/** Nodes whose text is never a citation: links (their text is the link's) and code. */
const OPAQUE = new Set(['link', 'linkReference', 'inlineCode', 'code', 'html', 'definition']);

/** The mark `n` as a node that renders as `<sup data-cite="n">[n]</sup>` (Markdown's `sup` component decides its look). */
function markNode(n: number): MdNode {
  return { type: 'citationMark', data: { hName: 'sup', hProperties: { dataCite: String(n) }, hChildren: [{ type: 'text', value: `[${n}]` }] } };
}

/**
 * A remark plugin turning `[n]` in the answer's text into citation mark nodes. Walks the tree
 * with an explicit stack (no recursion, whatever the nesting).
 */
export function remarkCitationMarks() {
  return (tree: MdNode): void => {
    const stack: MdNode[] = [tree];
    for (let parent = stack.pop(); parent; parent = stack.pop()) {
      if (!parent.children || OPAQUE.has(parent.type)) continue;
      let changed = false;
      const children = parent.children.flatMap((child): MdNode[] => {
        if (child.type !== 'text' || !child.value?.includes('[')) {
          stack.push(child);
          return [child];
        }
        const pieces = splitCitationMarks(child.value);
        if (pieces.every((piece) => 'text' in piece)) return [child];
        changed = true;
        return pieces.map((piece) => ('n' in piece ? markNode(piece.n) : { type: 'text', value: piece.text }));
      });
      if (changed) parent.children = children;
    }
  };
}
