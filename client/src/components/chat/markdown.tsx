import { memo, useMemo, type ComponentProps, type ReactElement, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { remarkCitationMarks } from '../../lib/citation-marks';
import { CitationMark } from './citation-panel';
import { CodeBlock } from './code-block';

const plugins = [remarkGfm, remarkCitationMarks];

const components: Components = {
  pre: ({ children }) => {
    const code = children as ReactElement<{ className?: string; children?: ReactNode }> | undefined;
    const language = /language-([\w+#.-]+)/.exec(code?.props.className ?? '')?.[1] ?? null;
    return <CodeBlock language={language} code={textOf(code?.props.children).replace(/\n$/, '')} />;
  },
  table: ({ children }) => (
    <div className="md-table">
      <table>{children}</table>
    </div>
  ),
  // `[n]` marks (remarkCitationMarks) arrive as <sup data-cite="n">; other superscripts stay as they are.
  sup: ({ children, node: _node, ...props }: ComponentProps<'sup'> & { node?: unknown; 'data-cite'?: string }) =>
    props['data-cite'] === undefined ? <sup {...props}>{children}</sup> : <CitationMark n={Number(props['data-cite'])} />,
  a: ({ children, href }: ComponentProps<'a'>) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
};

const Block = memo(function Block({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={plugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * An answer rendered as Markdown (GFM: tables, task lists, strikethrough). While it streams, the
 * finished blocks are split off and kept as they are, so each frame re-renders only the block
 * being written.
 */
export function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const blocks = useMemo(() => (streaming ? splitFinishedBlocks(text) : [text]), [text, streaming]);
  return (
    <div className={streaming ? 'md is-streaming' : 'md'}>
      {blocks.map((block, index) => (
        <Block key={index} text={block} />
      ))}
    </div>
  );
}

/** Splits at blank lines outside code fences; the last piece is the one still being written. */
export function splitFinishedBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineEnd = offset + line.length + 1;
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === null ? marker : null;
    } else if (fence === null && line.trim() === '' && lineEnd < text.length) {
      const block = text.slice(start, offset);
      // Lists and tables continue across blank lines: keep them with what follows.
      const next = text.slice(lineEnd).match(/^[^\n]*/)?.[0] ?? '';
      if (block.trim() && !/^\s*([-*+]|\d+[.)])\s|^\s{2,}|^\|/.test(next)) {
        blocks.push(block);
        start = lineEnd;
      }
    }
    offset = lineEnd;
  }
  blocks.push(text.slice(start));
  return blocks;
}

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  return '';
}
