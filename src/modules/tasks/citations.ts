import type { Citation } from '../chat/message.entity';
import type { NodeResult } from './capabilities/capability';

/** `[12]`: a citation mark as capabilities write them. */
const MARK = /\[(\d{1,4})\]/g;

/**
 * The sources of one answer, numbered across its steps: each step numbers its own from 1, and the
 * ledger moves them after those of the steps before, in the step's text too, so `[n]` means the
 * same source in every step's text, in the answer written from them and in `complete.citations`.
 */
export class CitationLedger {
  private readonly all: Citation[] = [];

  get citations(): Citation[] {
    return [...this.all];
  }

  /**
   * Renumbers a finished step's citations and marks in place (its dependents, which have not started
   * yet, then read the renumbered text) and returns them; nothing when it cites nothing.
   */
  adopt(result: NodeResult): Citation[] {
    const own = result.citations ?? [];
    if (own.length === 0) return [];
    const renumbered = renumber(result.text ?? '', own, this.all.length);
    result.text = renumbered.text;
    result.citations = renumbered.citations;
    this.all.push(...renumbered.citations);
    return renumbered.citations;
  }
}

/** Citations 1…k (and their marks in `text`) shifted by `offset`; marks naming no citation are left alone. */
export function renumber(text: string, citations: readonly Citation[], offset: number): { text: string; citations: Citation[] } {
  const known = new Set(citations.map((citation) => citation.n));
  return {
    text: offset === 0 ? text : text.replace(MARK, (mark, n: string) => (known.has(Number(n)) ? `[${Number(n) + offset}]` : mark)),
    citations: citations.map((citation) => ({ ...citation, n: citation.n + offset })),
  };
}
