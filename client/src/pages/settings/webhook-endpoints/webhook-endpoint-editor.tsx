import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { SendIcon } from '../../../components/icons';
import { Switch } from '../../../components/switch';
import { TextField } from '../../../components/text-field';
import { errorMessage } from '../../../lib/error-messages';
import { showToast } from '../../../lib/toasts';
import { ItemEditor } from '../item-editor';
import type { PaneEditorHandlers } from '../two-pane-section';
import { useDeleteWebhookEndpoint, useRotateWebhookSecret, useSaveWebhookEndpoint, useSendWebhookTest } from './use-webhooks';
import { WebhookDeliveryLog } from './webhook-delivery-log';
import { actionErrorMessage, formErrors, formOf, LIMITS, sameForm, saveRefusal, toFields, type WebhookFormErrors } from './webhook-form';
import type { RevealedSecret } from './webhook-secret-notice';
import { WEBHOOK_EVENTS, type WebhookEndpoint } from './webhooks-api';

interface WebhookEndpointEditorProps extends PaneEditorHandlers<WebhookEndpoint> {
  /** Undefined: adding a new endpoint. */
  endpoint: WebhookEndpoint | undefined;
  /** The server answered with a secret (creation, rotation): the section shows it once. */
  onSecret: (revealed: RevealedSecret) => void;
}

export function WebhookEndpointEditor({ endpoint, onSecret, onDirtyChange, onSaved, onDeleted, onBack }: WebhookEndpointEditorProps) {
  const creating = endpoint === undefined;
  const [initial, setInitial] = useState(() => formOf(endpoint));
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<WebhookFormErrors>({});
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'delete' | 'rotate' | null>(null);
  const save = useSaveWebhookEndpoint();
  const remove = useDeleteWebhookEndpoint();
  const rotate = useRotateWebhookSecret();
  const test = useSendWebhookTest();
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = !sameForm(form, initial);
  const localErrors = formErrors(form);
  const shown: WebhookFormErrors = { ...(showErrors ? localErrors : {}), ...serverErrors };

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  function set<K extends keyof typeof form>(key: K, value: (typeof form)[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    setServerErrors(({ [key]: _, ...rest }) => rest);
    setSaveProblem(null);
  }

  function reveal(saved: WebhookEndpoint, secret: string, rotated: boolean) {
    onSecret({ endpointId: saved.id, url: saved.url, secret, rotated });
  }

  function submit() {
    if (Object.keys(localErrors).length > 0) {
      setShowErrors(true);
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setServerErrors({});
    setSaveProblem(null);
    const fields = toFields(form);
    save.mutate(creating ? fields : { id: endpoint.id, ...fields }, {
      onSuccess: (saved) => {
        const next = formOf(saved);
        setInitial(next);
        setForm(next);
        if (saved.secret !== undefined) reveal(saved, saved.secret, false);
        showToast(creating ? 'Endpoint added. Copy its signing secret now.' : 'Endpoint saved', 'success');
        onSaved(saved);
      },
      onError: (error) => {
        const refusal = saveRefusal(error);
        if (refusal?.field) setServerErrors({ [refusal.field]: refusal.message });
        else setSaveProblem(refusal?.message ?? errorMessage(error));
      },
    });
  }

  const dialogs =
    endpoint &&
    (confirming === 'delete' ? (
      <ConfirmDialog
        title="Delete this endpoint?"
        confirmLabel={remove.isPending ? 'Deleting…' : 'Delete endpoint'}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() =>
          remove.mutate(endpoint.id, {
            onSuccess: () => {
              setConfirming(null);
              showToast('Endpoint deleted', 'success');
              onDeleted();
            },
          })
        }
        onCancel={() => (setConfirming(null), remove.reset())}
      >
        <p className="muted">Nothing more is sent to {endpoint.url}, and its delivery log is deleted with it. This can't be undone.</p>
      </ConfirmDialog>
    ) : confirming === 'rotate' ? (
      <ConfirmDialog
        title="Rotate the signing secret?"
        confirmLabel={rotate.isPending ? 'Rotating…' : 'Rotate secret'}
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : undefined}
        onConfirm={() =>
          rotate.mutate(endpoint.id, {
            onSuccess: (saved) => {
              setConfirming(null);
              reveal(saved, saved.secret, true);
            },
          })
        }
        onCancel={() => (setConfirming(null), rotate.reset())}
      >
        <p className="muted">
          Deliveries are signed with the new secret at once, retries included, and the current one stops working. Your receiver refuses them until it has the new
          secret; you can resend those afterwards.
        </p>
      </ConfirmDialog>
    ) : null);

  return (
    <ItemEditor
      title={endpoint?.description || endpoint?.url}
      meta={endpoint && (endpoint.active ? <span className="badge badge-custom">Active</span> : <span className="badge badge-muted">Off</span>)}
      actions={
        endpoint && (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={!endpoint.active || test.isPending}
              title={endpoint.active ? 'Send a ping event to this endpoint' : 'Switch the endpoint on to send to it'}
              onClick={() =>
                test.mutate(endpoint.id, {
                  onSuccess: () => showToast('Test event queued: see the delivery log below.', 'success'),
                  onError: (error) => showToast(actionErrorMessage(error), 'error'),
                })
              }
            >
              <SendIcon size={16} />
              Send test event
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirming('rotate')}>
              Rotate secret
            </button>
            <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setConfirming('delete')}>
              Delete
            </button>
          </>
        )
      }
      creating={creating}
      dirty={dirty}
      saving={save.isPending}
      newLabel="New endpoint"
      createLabel="Add endpoint"
      problem={saveProblem}
      formRef={formRef}
      onSubmit={submit}
      onReset={() => {
        setForm(initial);
        setShowErrors(false);
        setServerErrors({});
        setSaveProblem(null);
      }}
      onBack={onBack}
      dialogs={dialogs}
    >
      <fieldset className="editor-group">
        <legend>Endpoint</legend>
        <TextField
          label="URL"
          name="url"
          type="url"
          inputMode="url"
          value={form.url}
          maxLength={LIMITS.url}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/switchboard-webhook"
          hint="Receives a signed JSON POST for each event. Only public addresses, unless your administrator allows local ones."
          error={shown.url}
          onChange={(event) => set('url', event.target.value)}
        />
        <TextField
          label="Description"
          name="description"
          value={form.description}
          maxLength={LIMITS.description}
          autoComplete="off"
          placeholder="e.g. CRM sync"
          hint="Only you see it. Optional."
          error={shown.description}
          onChange={(event) => set('description', event.target.value)}
        />
        <div className="field field-inline">
          <span className="field-label">
            Active
            <span className="field-hint widget-inline-hint">A switched-off endpoint is sent nothing, not even queued retries.</span>
          </span>
          <Switch label="Active" checked={form.active} onChange={(active) => set('active', active)} />
        </div>
      </fieldset>

      <fieldset className="editor-group">
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <div key={event.type} className="field field-inline">
            <span className="field-label">
              {event.label} <code>{event.type}</code>
              <span className="field-hint widget-inline-hint">{event.hint}</span>
            </span>
            <Switch
              label={event.label}
              checked={form.events.includes(event.type)}
              onChange={(on) => set('events', on ? [...form.events, event.type] : form.events.filter((type) => type !== event.type))}
            />
          </div>
        ))}
        {shown.events && (
          <p className="field-error" role="alert">
            {shown.events}
          </p>
        )}
      </fieldset>

      {endpoint && (
        <fieldset className="editor-group">
          <legend>Deliveries</legend>
          <WebhookDeliveryLog endpointId={endpoint.id} />
        </fieldset>
      )}
    </ItemEditor>
  );
}
