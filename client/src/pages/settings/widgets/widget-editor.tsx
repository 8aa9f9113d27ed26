import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/http';
import type { Widget } from '../../../api/widgets';
import { ChipInput } from '../../../components/chip-input';
import { CopyButton } from '../../../components/copy-button';
import { HeadsetIcon } from '../../../components/icons';
import { Segmented } from '../../../components/segmented';
import { SwitchField } from '../../../components/switch';
import { TextField } from '../../../components/text-field';
import { useDeleteWidget } from '../../../hooks/use-delete-widget';
import { usePrompts } from '../../../hooks/use-prompts';
import { useSaveWidget } from '../../../hooks/use-save-widget';
import { errorMessage } from '../../../lib/error-messages';
import { showToast } from '../../../lib/toasts';
import {
  DEFAULT_COLOR,
  embedSnippet,
  formErrors,
  formOf,
  LIMITS,
  normalizeDomain,
  sameForm,
  serverFieldErrors,
  toFields,
  type WidgetForm,
  type WidgetFormErrors,
} from './widget-form';
import { DeleteItemDialog, ItemEditor } from '../item-editor';
import { StatusBadge } from '../pane-item-list';
import { useItemForm } from '../use-item-form';
import { WidgetKnowledge } from './widget-knowledge';
import { WidgetPreview } from './widget-preview';

const CORNERS = [
  { value: 'right' as const, label: 'Bottom right' },
  { value: 'left' as const, label: 'Bottom left' },
];

/** After a refused save, the first note to fix comes into view. */
function revealFirstError(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    const first = form?.querySelector('[aria-invalid="true"], .field-error');
    first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (first instanceof HTMLInputElement || first instanceof HTMLTextAreaElement || first instanceof HTMLSelectElement) first.focus({ preventScroll: true });
  });
}

interface WidgetEditorProps {
  /** Undefined: creating a new widget. */
  widget: Widget | undefined;
  onDirtyChange: (dirty: boolean) => void;
  onSaved: (widget: Widget) => void;
  onDeleted: () => void;
  onBack: () => void;
}

export function WidgetEditor({ widget, onDirtyChange, onSaved, onDeleted, onBack }: WidgetEditorProps) {
  const creating = widget === undefined;
  const editor = useItemForm<Widget, WidgetForm, WidgetFormErrors>({
    item: widget,
    formOf,
    sameForm,
    errors: formErrors,
    // A refused domain is said at once (it was just added); the rest once Save was tried.
    early: (errors, form) => (form.allowedDomains.length > 0 && errors.allowedDomains ? { allowedDomains: errors.allowedDomains } : {}),
    revealFirstError,
    onDirtyChange,
  });
  const { form, setForm, shown } = editor;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const prompts = usePrompts();
  const save = useSaveWidget();
  const remove = useDeleteWidget();
  const id = useId();

  const topics = useMemo(() => [...new Set((prompts.data ?? []).map((prompt) => prompt.topic))].sort(), [prompts.data]);

  function set<K extends keyof WidgetForm>(key: K, value: WidgetForm[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    editor.forget(key);
  }

  function submit() {
    if (!editor.validate()) return;
    const fields = toFields(form);
    save.mutate(creating ? fields : { id: widget.id, ...fields }, {
      onSuccess: (saved) => {
        editor.saved(saved);
        showToast(creating ? `Created “${saved.name}”. Paste its snippet into your pages.` : `Saved “${saved.name}”`, 'success');
        onSaved(saved);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
          const { fields: byField, rest } = serverFieldErrors(error.message);
          editor.setServerErrors(byField);
          revealFirstError(editor.formRef.current);
          editor.setProblem(rest.length > 0 ? rest.join('; ') : Object.keys(byField).length > 0 ? 'Some fields need a fix; see the notes under them.' : error.message);
        } else editor.setProblem(errorMessage(error));
      },
    });
  }

  const deleteDialog = confirmDelete && widget && (
    <DeleteItemDialog
      title={`Delete “${widget.name}”?`}
      confirmLabel="Delete widget"
      deletedToast={`Deleted “${widget.name}”`}
      id={widget.id}
      remove={remove}
      onClose={() => setConfirmDelete(false)}
      onDeleted={onDeleted}
    >
      It disappears from every page that embeds it, and all its visitor conversations are deleted with it. This can't be undone.
    </DeleteItemDialog>
  );

  return (
    <ItemEditor
      title={widget?.name}
      meta={
        widget && (
          <>
            <StatusBadge active={widget.active} />
            <span>{widget.allowedDomains.length === 1 ? widget.allowedDomains[0] : `${widget.allowedDomains.length} domains`}</span>
          </>
        )
      }
      actions={
        widget && (
          <>
            <Link to={`/live/${widget.id}`} className="btn btn-small">
              <HeadsetIcon size={16} />
              Live support
            </Link>
            <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          </>
        )
      }
      creating={creating}
      saving={save.isPending}
      newLabel="New widget"
      createLabel="Create widget"
      {...editor.itemEditorProps}
      onSubmit={submit}
      onBack={onBack}
      dialogs={deleteDialog}
    >
      {widget && (
        <fieldset className="editor-group">
          <legend>Install</legend>
          <EmbedSnippet widget={widget} />
        </fieldset>
      )}

      <fieldset className="editor-group">
        <legend>Widget</legend>
        <TextField
          label="Name"
          name="name"
          value={form.name}
          maxLength={LIMITS.name}
          autoComplete="off"
          placeholder="e.g. Shop help"
          hint="Only you see it, in Live support and here."
          error={shown.name}
          onChange={(event) => set('name', event.target.value)}
        />
        <SwitchField label="Active" hint="An inactive widget shows nothing on your pages and accepts no messages." checked={form.active} onChange={(active) => set('active', active)} />
        <div className="field">
          <label htmlFor={`${id}-topic`}>Answered by</label>
          <select
            id={`${id}-topic`}
            className="select"
            value={form.taskPromptTopic}
            aria-invalid={shown.taskPromptTopic ? true : undefined}
            aria-describedby={`${id}-topic-hint`}
            onChange={(event) => set('taskPromptTopic', event.target.value)}
          >
            <option value="">Routed normally (rules and the AI sorter pick a task prompt)</option>
            {form.taskPromptTopic && !topics.includes(form.taskPromptTopic) && (
              <option value={form.taskPromptTopic}>
                {form.taskPromptTopic} {prompts.data ? '(no longer exists)' : ''}
              </option>
            )}
            {topics.map((topic) => (
              <option key={topic} value={topic}>
                Task prompt “{topic}”
              </option>
            ))}
          </select>
          <p id={`${id}-topic-hint`} className={shown.taskPromptTopic ? 'field-error' : 'field-hint'}>
            {shown.taskPromptTopic ?? 'Pin a task prompt to answer every visitor with it, e.g. one written for your shop’s support.'}
          </p>
        </div>
      </fieldset>

      {widget && <WidgetKnowledge widgetId={widget.id} />}

      <fieldset className="editor-group">
        <legend>Where it may appear</legend>
        <ChipInput
          label="Allowed domains"
          values={form.allowedDomains}
          maxLength={253}
          onChange={(values) => set('allowedDomains', [...new Set(values.map(normalizeDomain).filter(Boolean))])}
          placeholder="shop.example.com, then press Enter"
          hint={shown.allowedDomains ? undefined : 'Pages on these hosts may show the widget. *.example.com allows every subdomain (not example.com itself); add :port for a port. Switchboard itself is always allowed.'}
        />
        {shown.allowedDomains && (
          <p className="field-error widget-field-error" role="alert">
            {shown.allowedDomains}
          </p>
        )}
      </fieldset>

      <fieldset className="editor-group">
        <legend>Appearance and texts</legend>
        <div className="widget-appearance">
          <div className="stack">
            <div className="form-grid">
              <TextField
                label="Title"
                name="title"
                value={form.title}
                maxLength={LIMITS.title}
                error={shown.title}
                onChange={(event) => set('title', event.target.value)}
              />
              <TextField
                label="Subtitle"
                name="subtitle"
                value={form.subtitle}
                maxLength={LIMITS.subtitle}
                hint="Leave empty to hide it."
                error={shown.subtitle}
                onChange={(event) => set('subtitle', event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-greeting`}>Greeting</label>
              <textarea
                id={`${id}-greeting`}
                className="textarea"
                rows={2}
                maxLength={LIMITS.greeting}
                value={form.greeting}
                aria-invalid={shown.greeting ? true : undefined}
                aria-describedby={`${id}-greeting-hint`}
                onChange={(event) => set('greeting', event.target.value)}
              />
              <p id={`${id}-greeting-hint`} className={shown.greeting ? 'field-error' : 'field-hint'}>
                {shown.greeting ?? 'The first bubble a visitor sees.'}
              </p>
            </div>
            <TextField
              label="Message box placeholder"
              name="placeholder"
              value={form.placeholder}
              maxLength={LIMITS.placeholder}
              error={shown.placeholder}
              onChange={(event) => set('placeholder', event.target.value)}
            />
            <div className="form-grid">
              <div className="field">
                <label htmlFor={`${id}-color`}>Colour</label>
                <div className="widget-color">
                  <input
                    type="color"
                    aria-label="Pick a colour"
                    value={/^#[0-9a-f]{6}$/i.test(form.color) ? form.color.toLowerCase() : DEFAULT_COLOR}
                    onChange={(event) => set('color', event.target.value)}
                  />
                  <input
                    id={`${id}-color`}
                    value={form.color}
                    maxLength={7}
                    spellCheck={false}
                    autoComplete="off"
                    aria-invalid={shown.color ? true : undefined}
                    aria-describedby={shown.color ? `${id}-color-error` : undefined}
                    onChange={(event) => set('color', event.target.value.trim())}
                  />
                </div>
                {shown.color && (
                  <p id={`${id}-color-error`} className="field-error">
                    {shown.color}
                  </p>
                )}
              </div>
              <div className="field">
                <span className="field-label">Corner</span>
                <Segmented label="Corner" options={CORNERS} value={form.position} onChange={(position) => set('position', position)} />
              </div>
            </div>
            <SwitchField
              label="“Talk to a person” button"
              hint="Visitors can ask for a person; the conversation waits for you in Live support."
              checked={form.humanHandoff}
              onChange={(value) => set('humanHandoff', value)}
            />
            <TextField
              label="Privacy policy address"
              name="privacyUrl"
              type="url"
              inputMode="url"
              value={form.privacyUrl}
              maxLength={LIMITS.privacyUrl}
              placeholder="https://example.com/privacy"
              hint="Linked from the notice that visitors are talking to an AI. Optional."
              error={shown.privacyUrl}
              onChange={(event) => set('privacyUrl', event.target.value)}
            />
          </div>
          <WidgetPreview form={form} />
        </div>
      </fieldset>
    </ItemEditor>
  );
}

function EmbedSnippet({ widget }: { widget: Widget }) {
  const snippet = embedSnippet(window.location.origin, widget.id);
  return (
    <div className="widget-embed">
      <p className="field-hint">Paste this tag into every page that should show the chat, just before &lt;/body&gt;.</p>
      <div className="widget-snippet">
        <pre>
          <code aria-label="Embed snippet">{snippet}</code>
        </pre>
        <CopyButton text={snippet} what="Snippet" />
      </div>
      {!widget.active && <p className="field-hint">The widget is off: pages with the tag show nothing until you turn it on.</p>}
      <p className="field-hint">
        Conversations appear in <Link to={`/live/${widget.id}`}>Live support</Link>, where you can take over from the AI.
      </p>
    </div>
  );
}
