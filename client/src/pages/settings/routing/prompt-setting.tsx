import { useId, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { EditIcon } from '../../../components/icons';
import { InlineAlert } from '../../../components/inline-alert';
import { SavedNote } from '../../../components/saved-note';
import { useUpdateRoutingSettings } from '../../../hooks/use-update-routing-settings';
import { capabilityInfo, KNOWN_CAPABILITIES } from '../../../lib/capabilities';
import { errorMessage } from '../../../lib/error-messages';
import { wordCount } from '../../../lib/text';

const MAX_PLAN_NODES = 24;

interface PromptSettingProps {
  field: 'plannerPrompt' | 'sorterPrompt';
  title: string;
  description: string;
  value: string;
  /** Inside another card (no card of its own). */
  bare?: boolean;
}

/** A routing prompt: Preview (as the model sees it) and Source; Edit → Save / Discard changes; Restore default. */
export function PromptSetting({ field, title, description, value, bare = false }: PromptSettingProps) {
  const update = useUpdateRoutingSettings();
  const [tab, setTab] = useState<'preview' | 'source'>('preview');
  const [draft, setDraft] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [savedAt, setSavedAt] = useState(0);
  const id = useId();
  const editing = draft !== null;
  const dirty = editing && draft !== value;

  function save() {
    if (draft === null || !draft.trim()) return;
    update.mutate({ [field]: draft }, { onSuccess: () => (setDraft(null), setSavedAt(Date.now())) });
  }

  function restore() {
    update.mutate(
      { [field]: null },
      {
        onSuccess: () => {
          setRestoring(false);
          setDraft(null);
          setSavedAt(Date.now());
        },
      },
    );
  }

  return (
    <div className={bare ? 'stack prompt-setting' : 'card stack prompt-setting'}>
      <div className="card-heading">
        <div>
          <h2 className="card-title">{title}</h2>
          <p className="muted">{description}</p>
        </div>
        <SavedNote savedAt={savedAt} />
      </div>
      {update.isError && !restoring && <InlineAlert>{errorMessage(update.error)}</InlineAlert>}

      {editing ? (
        <div className="field">
          <label htmlFor={`${id}-source`} className="visually-hidden">
            {title}
          </label>
          <textarea id={`${id}-source`} className="textarea textarea-code" rows={16} value={draft} spellCheck={false} onChange={(event) => setDraft(event.target.value)} />
          <p className="field-hint">{wordCount(draft)} words</p>
        </div>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label={`${title} view`}>
            {(['preview', 'source'] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`${id}-${name}-tab`}
                aria-selected={tab === name}
                aria-controls={`${id}-panel`}
                className="tab"
                onClick={() => setTab(name)}
              >
                {name === 'preview' ? 'Preview' : 'Source'}
              </button>
            ))}
          </div>
          <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-${tab}-tab`} className="prompt-view" tabIndex={0}>
            {tab === 'preview' ? renderPreview(value) : <code className="prompt-source">{value}</code>}
          </div>
        </>
      )}

      <div className="form-actions">
        {editing ? (
          <>
            <button type="button" className="btn" onClick={() => setDraft(null)} disabled={update.isPending}>
              Discard changes
            </button>
            <button type="button" className="btn btn-primary" onClick={save} disabled={!dirty || !draft.trim() || update.isPending}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
          </>
        ) : (
          <button type="button" className="btn" onClick={() => setDraft(value)}>
            <EditIcon size={16} />
            Edit
          </button>
        )}
        <button type="button" className="btn btn-quiet" onClick={() => setRestoring(true)}>
          Restore default
        </button>
      </div>

      {restoring && (
        <ConfirmDialog
          title={`Restore the default ${title.toLowerCase()}?`}
          confirmLabel={update.isPending ? 'Restoring…' : 'Restore default'}
          pending={update.isPending}
          error={update.isError ? errorMessage(update.error) : undefined}
          onConfirm={restore}
          onCancel={() => {
            setRestoring(false);
            update.reset();
          }}
        >
          <p className="muted">Your text is replaced by the one Switchboard ships with, which also follows future improvements.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The prompt as the model receives it: placeholders filled in and marked. */
function renderPreview(text: string): ReactNode {
  const parts = text.split(/(\{\{capabilities\}\}|\{\{maxNodes\}\})/);
  return (
    <div className="prompt-preview">
      {parts.map((part, index) =>
        part === '{{capabilities}}' ? (
          <span key={index} className="prompt-filled" title="Filled in when a plan is made">
            {KNOWN_CAPABILITIES.map((capability) => `- ${capability}: ${capabilityInfo(capability).name}`).join('\n')}
          </span>
        ) : part === '{{maxNodes}}' ? (
          <span key={index} className="prompt-filled" title="Filled in when a plan is made">
            {MAX_PLAN_NODES}
          </span>
        ) : (
          part
        ),
      )}
    </div>
  );
}
