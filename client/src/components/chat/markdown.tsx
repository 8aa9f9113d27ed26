import { createContext, memo, useContext, useMemo, type ComponentProps, type ReactElement, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { remarkCitationMarks } from '../../lib/citation-marks';
import { CitationMark } from './citation-panel';
import { fenceClosed, splitFinishedBlocks } from '../../lib/markdown-blocks';
import { CodeBlock } from './code-block';

const plugins = [remarkGfm, remarkCitationMarks];

/** The source of the block still being written, while an answer streams; null in finished blocks. */
const WritingBlock = createContext<string | null>(null);

interface SourcePosition {
  position?: { start: { offset?: number }; end: { offset?: number } };
}

function Pre({ children, node }: { children?: ReactNode; node?: SourcePosition }) {
  const writing = useContext(WritingBlock);
  const code = children as ReactElement<{ className?: string; children?: ReactNode }> | undefined;
  const language = /language-([\w+#.-]+)/.exec(code?.props.className ?? '')?.[1] ?? null;
  const start = node?.position?.start.offset;
  const end = node?.position?.end.offset;
  // A fence in the block being written may still grow: colour it once its closing fence is there.
  const closed = writing === null || (start !== undefined && end !== undefined && fenceClosed(writing.slice(start, end)));
  return <CodeBlock language={language} code={textOf(code?.props.children).replace(/\n$/, '')} closed={closed} />;
}

const components: Components = {
  pre: Pre,
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

const Block = memo(function Block({ text, writing }: { text: string; writing: boolean }) {
  return (
    <WritingBlock value={writing ? text : null}>
      <ReactMarkdown remarkPlugins={plugins} components={components}>
        {text}
      </ReactMarkdown>
    </WritingBlock>
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
        <Block key={index} text={block} writing={streaming && index === blocks.length - 1} />
      ))}
    </div>
  );
}

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  return '';
}
