import { useEffect, useId, useState } from 'react';
import type { TaskPrompt } from '../../../api/prompts';
import { ChipInput } from '../../../components/chip-input';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Segmented } from '../../../components/segmented';
import { Switch } from '../../../components/switch';
import { TextField } from '../../../components/text-field';
import { useCreatePrompt } from '../../../hooks/use-create-prompt';
import { useDeletePrompt } from '../../../hooks/use-delete-prompt';
import { useModels } from '../../../hooks/use-models';
import { useRestorePrompt } from '../../../hooks/use-restore-prompt';
import { useUpdatePrompt } from '../../../hooks/use-update-prompt';
import { errorMessage } from '../../../lib/error-messages';
import { showToast } from '../../../lib/toasts';
import { wordCount } from '../../../lib/text';
import { ItemEditor } from '../item-editor';
import { formErrors, formOf, sameForm, toFields, type PromptForm } from './prompt-form';
import { ScopeBadge } from './prompt-list';

const WEB_SEARCH = [
  { value: null, label: 'Auto' },
  { value: true, label: 'On' },
  { value: false, label: 'Off' },
] as const;

interface PromptEditorProps {
  /** Undefined: creating a new prompt. */
  prompt: TaskPrompt | undefined;
  isAdmin: boolean;
  onDirtyChange: (dirty: boolean) => void;
  onSaved: (prompt: TaskPrompt) => void;
  onDeleted: () => void;
  onBack: () => void;
}

export function PromptEditor({ prompt, isAdmin, onDirtyChange, onSaved, onDeleted, onBack }: PromptEditorProps) {
  const creating = prompt === undefined;
  const [initial, setInitial] = useState(() => formOf(prompt, isAdmin));
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [confirm, setConfirm] = useState<'delete' | 'restore' | null>(null);
  const models = useModels();
  const create = useCreatePrompt();
  const update = useUpdatePrompt();
  const remove = useDeletePrompt();
  const restore = useRestorePrompt();
  const id = useId();
  const dirty = !sameForm(form, initial);
  const errors = formErrors(form, creating);
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const set = <K extends keyof PromptForm>(key: K, value: PromptForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  function save() {
    if (errors.topic || errors.prompt) {
      setShowErrors(true);
      return;
    }
    const done = (saved: TaskPrompt) => {
      setInitial(form);
      showToast(
        prompt?.scope === 'system' && saved.scope === 'user' ? `Saved your own version of “${saved.topic}”` : `Saved “${saved.topic}”`,
        'success',
      );
      onSaved(saved);
    };
    if (creating) create.mutate({ topic: form.topic, ...toFields(form), ...(isAdmin ? { scope: form.scope } : {}) }, { onSuccess: done });
    else update.mutate({ id: prompt.id, ...toFields(form) }, { onSuccess: done });
  }

  const chatModels = models.data?.filter((model) => model.capabilities.includes('CHAT')) ?? [];
  const canRestore = isAdmin && prompt?.scope === 'system' && prompt.isDefault;
  const canDelete = prompt !== undefined && (prompt.scope === 'user' || (isAdmin && !prompt.isDefault));

  const dialogs = (
    <>
      {confirm === 'delete' && prompt && (
        <ConfirmDialog
          title={prompt.overridesSystem ? `Go back to the workspace version of “${prompt.topic}”?` : `Delete “${prompt.topic}”?`}
          confirmLabel={remove.isPending ? 'Working…' : prompt.overridesSystem ? 'Use the workspace version' : 'Delete'}
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : undefined}
          onConfirm={() => remove.mutate(prompt.id, { onSuccess: () => (setConfirm(null), onDeleted()) })}
          onCancel={() => (setConfirm(null), remove.reset())}
        >
          <p className="muted">
            {prompt.overridesSystem ? 'Your own version is removed; you get the one everyone uses.' : 'Messages will no longer be routed to this topic.'}
          </p>
        </ConfirmDialog>
      )}
      {confirm === 'restore' && prompt && (
        <ConfirmDialog
          title={`Restore the default “${prompt.topic}”?`}
          confirmLabel={restore.isPending ? 'Restoring…' : 'Restore default'}
          pending={restore.isPending}
          error={restore.isError ? errorMessage(restore.error) : undefined}
          onConfirm={() =>
            restore.mutate(prompt.id, {
              onSuccess: (restored) => {
                setConfirm(null);
                const next = formOf(restored, isAdmin);
                setInitial(next);
                setForm(next);
                showToast(`Restored the default “${restored.topic}”`, 'success');
              },
            })
          }
          onCancel={() => (setConfirm(null), restore.reset())}
        >
          <p className="muted">Its description, rules, settings and instructions go back to what Switchboard ships with, for everyone.</p>
        </ConfirmDialog>
      )}
    </>
  );

  return (
    <ItemEditor
      title={prompt?.topic}
      meta={
        prompt && (
          <>
            <ScopeBadge prompt={prompt} />
            <code>{prompt.topic}</code>
          </>
        )
      }
      actions={
        prompt && (
          <>
            {canRestore && (
              <button type="button" className="btn btn-small" onClick={() => setConfirm('restore')}>
                Restore default
              </button>
            )}
            {canDelete && (
              <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setConfirm('delete')}>
                {prompt.overridesSystem ? 'Use the workspace version' : 'Delete'}
              </button>
            )}
          </>
        )
      }
      creating={creating}
      dirty={dirty}
      saving={saving}
      newLabel="New task prompt"
      createLabel="Create"
      problem={saveError ? errorMessage(saveError) : null}
      onSubmit={save}
      onReset={() => {
        setForm(initial);
        setShowErrors(false);
      }}
      onBack={onBack}
      dialogs={dialogs}
    >
      <fieldset className="editor-group">
        <legend>Routing</legend>
        {creating && (
          <TextField
            label="Topic"
            name="topic"
            value={form.topic}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. invoices"
            hint="The key messages are routed to. It can't be changed later."
            error={showErrors ? errors.topic : undefined}
            onChange={(event) => set('topic', event.target.value.toLowerCase())}
          />
        )}
        {creating && isAdmin && (
          <div className="field">
            <span className="field-label" id={`${id}-scope`}>
              Available to
            </span>
            <Segmented
              label="Available to"
              options={[
                { value: 'system' as const, label: 'Everyone (system)' },
                { value: 'user' as const, label: 'Just me' },
              ]}
              value={form.scope}
              onChange={(scope) => set('scope', scope)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            className="textarea"
            rows={2}
            maxLength={1000}
            value={form.description}
            aria-describedby={`${id}-description-hint`}
            onChange={(event) => set('description', event.target.value)}
          />
          <p id={`${id}-description-hint`} className="field-hint">
            One or two sentences: the AI sorter reads this to decide which messages belong here.
          </p>
        </div>
        <ChipInput
          label="Selection rules"
          values={form.selectionRules}
          onChange={(rules) => set('selectionRules', rules)}
          placeholder="Add a keyword or phrase, then press Enter"
          hint="A message containing any of these words or phrases (any case) goes straight to this topic, before the AI sorter is asked."
        />
        <div className="field field-inline">
          <span className="field-label" id={`${id}-enabled`}>
            Enabled
          </span>
          <Switch label="Enabled" checked={form.enabled} onChange={(enabled) => set('enabled', enabled)} />
        </div>
      </fieldset>

      <fieldset className="editor-group">
        <legend>Prompt</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-model`}>Model</label>
            <select id={`${id}-model`} className="select" value={form.model ?? ''} onChange={(event) => set('model', event.target.value || null)}>
              <option value="">Default (auto)</option>
              {form.model && !chatModels.some((model) => model.id === form.model) && <option value={form.model}>{form.model} (unavailable)</option>}
              {chatModels.map((model) => (
                <option key={model.id} value={model.id}>
                  {model.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <span className="field-label">Web search</span>
            <Segmented label="Web search" options={WEB_SEARCH} value={form.webSearch} onChange={(value) => set('webSearch', value)} />
            <p className="field-hint">Auto lets routing decide per message.</p>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-prompt`}>Instructions</label>
          <textarea
            id={`${id}-prompt`}
            className="textarea textarea-code"
            rows={12}
            value={form.prompt}
            aria-invalid={showErrors && errors.prompt ? true : undefined}
            aria-describedby={`${id}-prompt-hint`}
            onChange={(event) => set('prompt', event.target.value)}
          />
          <p id={`${id}-prompt-hint`} className={showErrors && errors.prompt ? 'field-error' : 'field-hint'}>
            {showErrors && errors.prompt ? errors.prompt : `${wordCount(form.prompt)} words · Markdown allowed`}
          </p>
        </div>
      </fieldset>
    </ItemEditor>
  );
}
