import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { InfoIcon } from '../../../components/icons';
import { QueryError } from '../../../components/query-error';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { useMe } from '../../../hooks/use-me';
import { usePrompts } from '../../../hooks/use-prompts';
import { PromptEditor } from './prompt-editor';
import { PromptList } from './prompt-list';

/** A prompt id, or 'new' while creating one. */
type Selection = string | null;

/** Settings → Task prompts: the list (search, filters) beside the editor of the chosen one. */
export function PromptsSection() {
  useDocumentTitle('Task prompts');
  const me = useMe();
  const prompts = usePrompts();
  const isAdmin = me.data?.role === 'admin';
  const [selected, setSelected] = useState<Selection>(null);
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState<Selection | undefined>(undefined);

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  function select(next: Selection) {
    if (next === selected) return;
    if (dirty) setPending(next);
    else setSelected(next);
  }

  const current = selected && selected !== 'new' ? prompts.data?.find((prompt) => prompt.id === selected) : undefined;
  const showEditor = selected === 'new' || current !== undefined;

  return (
    <section className="settings-section settings-wide" aria-labelledby="prompts-heading">
      <header className="settings-header">
        <h1 id="prompts-heading">Task prompts</h1>
        <p>Each topic has a prompt that shapes its answers, and selection rules that route messages to it.</p>
      </header>

      <div className="notice notice-info" role="note">
        <InfoIcon size={18} aria-hidden="true" />
        <p>
          {isAdmin ? (
            <>
              <strong>You are an admin:</strong> saving a system prompt changes it for everyone. Other users' edits to a system prompt only make a
              personal copy for them.
            </>
          ) : (
            <>
              Saving changes to a <strong>system</strong> prompt makes your own personal copy; everyone else keeps the workspace version. Prompts you
              create are yours alone.
            </>
          )}
        </p>
      </div>

      {prompts.isError ? (
        <QueryError error={prompts.error} onRetry={() => void prompts.refetch()} />
      ) : (
        <div className={`two-pane${showEditor ? ' is-editing' : ''}`}>
          <PromptList prompts={prompts.data} selectedId={selected} onSelect={select} />
          <div className="pane pane-editor">
            {showEditor ? (
              <PromptEditor
                key={selected}
                prompt={current}
                isAdmin={isAdmin}
                onDirtyChange={setDirty}
                onSaved={(prompt) => {
                  setDirty(false);
                  setSelected(prompt.id);
                }}
                onDeleted={() => {
                  setDirty(false);
                  setSelected(null);
                }}
                onBack={() => select(null)}
              />
            ) : (
              <div className="pane-empty">
                <p className="empty-state-title">Choose a task prompt</p>
                <p className="muted">Pick one from the list to read or edit it, or create a new one.</p>
                <button type="button" className="btn" onClick={() => select('new')}>
                  New task prompt
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
          <p className="muted">The changes to this task prompt have not been saved.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
