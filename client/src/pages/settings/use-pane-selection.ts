import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/** An item's id, 'new' while creating one, or null when none is open. */
export type PaneSelection = string | null;

export interface PaneSelectionState {
  selected: PaneSelection;
  /** Opens another item (or 'new', or null); with unsaved changes it asks first. */
  select: (next: PaneSelection) => void;
  /** The editor reports whether it holds unsaved changes. */
  setDirty: (dirty: boolean) => void;
  /** The editor saved: its item stays open, now clean. */
  saved: (id: string) => void;
  /** The editor deleted its item: nothing is open. */
  deleted: () => void;
  /** Whether the question to discard unsaved changes is open. */
  confirming: boolean;
  /** Discards the unsaved changes and opens what was asked for. */
  discard: () => void;
  /** Keeps the unsaved changes and stays. */
  keep: () => void;
}

/**
 * The selection of a list + editor page, guarding unsaved changes (a question before switching,
 * the browser's warning before leaving). With `param`, `?<param>=<id>` opens an item and the URL
 * follows the selection, so a reload or a shared link opens the same one.
 */
export function usePaneSelection(param?: string): PaneSelectionState {
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<PaneSelection>(() => (param ? params.get(param) : null));
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState<PaneSelection | undefined>(undefined);

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  useEffect(() => {
    if (!param) return;
    const current = params.get(param);
    const wanted = selected && selected !== 'new' ? selected : null;
    if (current === wanted) return;
    setParams(wanted ? { [param]: wanted } : {}, { replace: true });
  }, [param, selected, params, setParams]);

  function select(next: PaneSelection) {
    if (next === selected) return;
    if (dirty) setPending(next);
    else setSelected(next);
  }

  return {
    selected,
    select,
    setDirty,
    saved: (id) => {
      setDirty(false);
      setSelected(id);
    },
    deleted: () => {
      setDirty(false);
      setSelected(null);
    },
    confirming: pending !== undefined,
    discard: () => {
      setDirty(false);
      setSelected(pending ?? null);
      setPending(undefined);
    },
    keep: () => setPending(undefined),
  };
}
