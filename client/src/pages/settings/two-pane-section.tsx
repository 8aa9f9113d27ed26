import { Fragment, type ReactNode } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { usePaneSelection, type PaneSelection } from './use-pane-selection';

/** What a section hands its editor, besides the item itself. */
export interface PaneEditorHandlers<T> {
  onDirtyChange: (dirty: boolean) => void;
  onSaved: (item: T) => void;
  onDeleted: () => void;
  onBack: () => void;
}

/** The editor pane's placeholder while nothing is open. */
export interface EmptyPane {
  title: string;
  text: string;
  /** The label of its button that starts a new item. */
  newLabel: string;
  /** Whether that button is the page's primary action. */
  primary?: boolean;
}

/** What a section says about its own items while none is open. */
export interface ItemsEmptyCopy {
  /** What an item is called, e.g. 'mailbox'. */
  noun: string;
  /** How one is made: 'add' (the default) or 'create'. */
  verb?: 'add' | 'create';
  /** What to do while there is none yet. */
  first: string;
  /** What to do with the list. */
  choose: string;
}

/**
 * The placeholder of a section listing the user's own items: how to make the first one, that the
 * one asked for (e.g. by a link) no longer exists, or to choose one.
 */
export function itemsEmptyPane(items: unknown[] | undefined, { noun, verb = 'add', first, choose }: ItemsEmptyCopy): (selected: PaneSelection) => EmptyPane {
  const none = items?.length === 0;
  const article = /^[aeiou]/.test(noun) ? 'an' : 'a';
  return (selected) => ({
    title: none ? `${verb === 'add' ? 'Add' : 'Create'} your first ${noun}` : `Choose ${article} ${noun}`,
    text: none ? first : selected && items ? `That ${noun} no longer exists. Pick another one or ${verb} a new one.` : choose,
    newLabel: `New ${noun}`,
    primary: true,
  });
}

interface TwoPaneSectionProps<T extends { id: string }> {
  /** The h1's id, which labels the section. */
  headingId: string;
  /** The h1, also the document title. */
  title: string;
  intro: ReactNode;
  /** Shown between the header and the panes. */
  children?: ReactNode;
  items: { data: T[] | undefined; isError: boolean; error: unknown; refetch: () => unknown };
  /** With it, `?<param>=<id>` opens an item and the URL follows the selection. */
  param?: string;
  /** What an item is called, e.g. 'widget', in the question before discarding changes. */
  noun: string;
  list: (selectedId: PaneSelection, onSelect: (id: string) => void) => ReactNode;
  /** The editor of `item`, undefined while creating one. */
  editor: (item: T | undefined, handlers: PaneEditorHandlers<T>) => ReactNode;
  empty: (selected: PaneSelection) => EmptyPane;
}

/**
 * A settings section that lists items beside the editor of the chosen one, guarding unsaved
 * changes when another is chosen. On narrow screens the editor replaces the list.
 */
export function TwoPaneSection<T extends { id: string }>({ headingId, title, intro, children, items, param, noun, list, editor, empty }: TwoPaneSectionProps<T>) {
  useDocumentTitle(title);
  const { selected, select, setDirty, saved, deleted, confirming, discard, keep } = usePaneSelection(param);

  const current = selected && selected !== 'new' ? items.data?.find((item) => item.id === selected) : undefined;
  const showEditor = selected === 'new' || current !== undefined;
  const placeholder = showEditor ? undefined : empty(selected);

  return (
    <section className="settings-section settings-wide" aria-labelledby={headingId}>
      <header className="settings-header">
        <h1 id={headingId}>{title}</h1>
        <p>{intro}</p>
      </header>

      {children}

      {items.isError ? (
        <QueryError error={items.error} onRetry={() => void items.refetch()} />
      ) : (
        <div className={`two-pane${showEditor ? ' is-editing' : ''}`}>
          {list(selected, select)}
          <div className="pane pane-editor">
            {placeholder ? (
              <div className="pane-empty">
                <p className="empty-state-title">{placeholder.title}</p>
                <p className="muted">{placeholder.text}</p>
                <button type="button" className={placeholder.primary ? 'btn btn-primary' : 'btn'} onClick={() => select('new')}>
                  {placeholder.newLabel}
                </button>
              </div>
            ) : (
              <Fragment key={selected}>
                {editor(current, { onDirtyChange: setDirty, onSaved: (item) => saved(item.id), onDeleted: deleted, onBack: () => select(null) })}
              </Fragment>
            )}
          </div>
        </div>
      )}

      {confirming && (
        <ConfirmDialog title="Discard unsaved changes?" confirmLabel="Discard changes" pending={false} onConfirm={discard} onCancel={keep}>
          <p className="muted">The changes to this {noun} have not been saved.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
