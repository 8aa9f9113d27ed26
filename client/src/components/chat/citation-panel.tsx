import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Citation } from '../../api/chats';
import { fetchFile, fileContentUrl, fileUrlById } from '../../api/files';
import { queryKeys } from '../../api/query-keys';
import { useAuthTokens } from '../../hooks/use-auth-tokens';
import { CloseIcon, FileIcon, GlobeIcon } from '../icons';

interface CitationScopeValue {
  byN: ReadonlyMap<number, Citation>;
  open: (n: number) => void;
}

const CitationContext = createContext<CitationScopeValue | null>(null);

/**
 * One answer's sources: its sources strip and `[n]` marks (inside `children`) open the cited
 * passage in a panel.
 */
export function CitationScope({ citations, children }: { citations: readonly Citation[]; children: ReactNode }) {
  const [openN, setOpenN] = useState<number | null>(null);
  const value = useMemo<CitationScopeValue>(() => ({ byN: new Map(citations.map((citation) => [citation.n, citation])), open: setOpenN }), [citations]);
  const current = openN === null ? undefined : value.byN.get(openN);
  return (
    <CitationContext value={value}>
      {children}
      {current && <CitationPanel citation={current} onClose={() => setOpenN(null)} />}
    </CitationContext>
  );
}

/** Opens source `n` of the answer around it; undefined outside a CitationScope. */
export function useCitations(): CitationScopeValue | null {
  return useContext(CitationContext);
}

/** `[n]` in an answer: a small superscript button when the answer has source n, else the text as written. */
export function CitationMark({ n }: { n: number }) {
  const scope = useCitations();
  const citation = scope?.byN.get(n);
  if (!scope || !citation) return <>{`[${n}]`}</>;
  return (
    <sup className="cite-ref">
      <button type="button" className="cite-mark" aria-label={`Source ${n}: ${citation.title}`} title={citation.title} onClick={() => scope.open(n)}>
        {n}
      </button>
    </sup>
  );
}

/** "Page 3 · Setup › Network" for a file's passage, the host for a web page. */
export function citationPlace(citation: Citation): string {
  const parts: string[] = [];
  if (citation.page !== undefined) parts.push(`Page ${citation.page}`);
  if (citation.section) parts.push(citation.section);
  if (parts.length === 0 && citation.url) {
    try {
      parts.push(new URL(citation.url).host);
    } catch {
      parts.push(citation.url);
    }
  }
  return parts.join(' · ');
}

/** The cited passage in a modal panel (Escape or Close backs out) with a way to open its source. */
function CitationPanel({ citation, onClose }: { citation: Citation; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const tokens = useAuthTokens();
  const file = useQuery({
    queryKey: queryKeys.files.detail(citation.fileId ?? ''),
    queryFn: ({ signal }) => fetchFile(citation.fileId ?? '', signal),
    enabled: citation.fileId !== undefined,
    staleTime: 60_000,
  });

  // Closing before React removes the element lets the browser return focus to the opener.
  useLayoutEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  let href: string | undefined;
  if (citation.fileId) {
    href = fileContentUrl(fileUrlById(citation.fileId), tokens?.accessToken);
    // The browser's PDF viewer opens at the cited page.
    if (citation.page !== undefined && file.data?.mime === 'application/pdf') href += `#page=${citation.page}`;
  } else if (citation.url && /^https?:\/\//i.test(citation.url)) {
    href = citation.url;
  }
  const place = citationPlace(citation);

  return (
    <dialog
      ref={ref}
      className="dialog citation-panel"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="citation-panel-head">
        <span className="source-n" aria-hidden="true">
          {citation.n}
        </span>
        <h2 id={titleId} className="card-title citation-panel-title">
          {citation.title || file.data?.name || 'Source'}
        </h2>
        <button type="button" className="btn-icon" aria-label="Close" title="Close (Esc)" onClick={onClose} autoFocus>
          <CloseIcon size={18} />
        </button>
      </header>
      {place && <p className="citation-panel-place muted">{place}</p>}
      <blockquote className="citation-passage">{citation.snippet}</blockquote>
      {href && (
        <div className="dialog-actions">
          <a className="btn" href={href} target="_blank" rel="noopener noreferrer">
            {citation.fileId ? <FileIcon size={16} /> : <GlobeIcon size={16} />}
            {citation.fileId ? 'Open the document' : 'Open the page'}
          </a>
        </div>
      )}
    </dialog>
  );
}
