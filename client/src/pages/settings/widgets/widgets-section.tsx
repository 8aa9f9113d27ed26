import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { QueryError } from '../../../components/query-error';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { useWidgets } from '../../../hooks/use-widgets';
import { WidgetEditor } from './widget-editor';
import { WidgetList } from './widget-list';

/** A widget id, or 'new' while creating one. */
type Selection = string | null;

/**
 * Settings → Widgets: the user's embeddable chat widgets beside the editor of the chosen one.
 * `?widget=<id>` opens one (Live support links here).
 */
export function WidgetsSection() {
  useDocumentTitle('Widgets');
  const widgets = useWidgets();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<Selection>(() => params.get('widget'));
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState<Selection | undefined>(undefined);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // The URL follows the selection, so a reload or a shared link opens the same widget.
  useEffect(() => {
    const current = params.get('widget');
    const wanted = selected && selected !== 'new' ? selected : null;
    if (current === wanted) return;
    setParams(wanted ? { widget: wanted } : {}, { replace: true });
  }, [selected, params, setParams]);

  function select(next: Selection) {
    if (next === selected) return;
    if (dirty) setPending(next);
    else setSelected(next);
  }

  const current = selected && selected !== 'new' ? widgets.data?.find((widget) => widget.id === selected) : undefined;
  const showEditor = selected === 'new' || current !== undefined;
  const none = widgets.data?.length === 0;

  return (
    <section className="settings-section settings-wide" aria-labelledby="widgets-heading">
      <header className="settings-header">
        <h1 id="widgets-heading">Widgets</h1>
        <p>A chat launcher for your own website: visitors talk to the AI, and you can step in from Live support.</p>
      </header>

      {widgets.isError ? (
        <QueryError error={widgets.error} onRetry={() => void widgets.refetch()} />
      ) : (
        <div className={`two-pane${showEditor ? ' is-editing' : ''}`}>
          <WidgetList widgets={widgets.data} selectedId={selected} onSelect={select} />
          <div className="pane pane-editor">
            {showEditor ? (
              <WidgetEditor
                key={selected}
                widget={current}
                onDirtyChange={setDirty}
                onSaved={(widget) => {
                  setDirty(false);
                  setSelected(widget.id);
                }}
                onDeleted={() => {
                  setDirty(false);
                  setSelected(null);
                }}
                onBack={() => select(null)}
              />
            ) : (
              <div className="pane-empty">
                <p className="empty-state-title">{none ? 'Create your first widget' : 'Choose a widget'}</p>
                <p className="muted">
                  {none
                    ? 'Name it, list the domains of your site, then paste one script tag into your pages.'
                    : selected && widgets.data
                      ? 'That widget no longer exists. Pick another one or create a new one.'
                      : 'Pick one from the list to edit it and get its snippet, or create a new one.'}
                </p>
                <button type="button" className="btn btn-primary" onClick={() => select('new')}>
                  New widget
                </button>
              </div>
            )}
          </div>
        </div>
      )}

      {pending !== undefined && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          confirmLabel="Discard changes"
          pending={false}
          onConfirm={() => {
            setDirty(false);
            setSelected(pending);
            setPending(undefined);
          }}
          onCancel={() => setPending(undefined)}
        >
          <p className="muted">The changes to this widget have not been saved.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
