import { useEffect, useState } from 'react';
import type * as CodeHighlighter from '../lib/code-highlighter';

type Highlighter = typeof CodeHighlighter;

let loading: Promise<Highlighter> | null = null;

/** The highlighter, fetched once on first use (its own chunk). */
function loadHighlighter(): Promise<Highlighter> {
  loading ??= import('../lib/code-highlighter').catch((error: unknown) => {
    // A failed chunk load (offline, a new deployment) may succeed on the next block.
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * The block's code coloured as HTML, once `ready` (a streaming block is coloured only when its
 * fence has closed); null until then, for an unknown language, or if the highlighter can't load.
 */
export function useHighlightedCode(code: string, language: string | null, ready: boolean): string | null {
  const [highlighted, setHighlighted] = useState<{ code: string; language: string; html: string | null } | null>(null);
  useEffect(() => {
    if (!ready || language === null) return;
    let current = true;
    loadHighlighter()
      .then(({ highlightCode }) => {
        if (current) setHighlighted({ code, language, html: highlightCode(code, language) });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [code, language, ready]);
  // Colours of an earlier text are never shown over a changed one.
  return ready && highlighted?.code === code && highlighted.language === language ? highlighted.html : null;
}
