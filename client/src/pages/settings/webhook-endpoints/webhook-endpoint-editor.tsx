import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { SendIcon } from '../../../components/icons';
import { SwitchField } from '../../../components/switch';
import { TextField } from '../../../components/text-field';
import { errorMessage } from '../../../lib/error-messages';
import { showToast } from '../../../lib/toasts';
import { DeleteItemDialog, ItemEditor } from '../item-editor';
import { StatusBadge } from '../pane-item-list';
import { useItemForm } from '../use-item-form';
import type { PaneEditorHandlers } from '../two-pane-section';
import { useDeleteWebhookEndpoint, useRotateWebhookSecret, useSaveWebhookEndpoint, useSendWebhookTest } from './use-webhooks';
import { WebhookDeliveryLog } from './webhook-delivery-log';
import { actionErrorMessage, formErrors, formOf, LIMITS, sameForm, saveRefusal, toFields, type WebhookForm, type WebhookFormErrors } from './webhook-form';
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
  const editor = useItemForm<WebhookEndpoint, WebhookForm, WebhookFormErrors>({ item: endpoint, formOf, sameForm, errors: formErrors, onDirtyChange });
  const { form, setForm, shown } = editor;
  const [confirming, setConfirming] = useState<'delete' | 'rotate' | null>(null);
  const save = useSaveWebhookEndpoint();
  const remove = useDeleteWebhookEndpoint();
  const rotate = useRotateWebhookSecret();
  const test = useSendWebhookTest();

  function set<K extends keyof WebhookForm>(key: K, value: WebhookForm[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    editor.forget(key);
  }

  function reveal(saved: WebhookEndpoint, secret: string, rotated: boolean) {
    onSecret({ endpointId: saved.id, url: saved.url, secret, rotated });
  }

  function submit() {
    if (!editor.validate()) return;
    const fields = toFields(form);
    save.mutate(creating ? fields : { id: endpoint.id, ...fields }, {
      onSuccess: (saved) => {
        editor.saved(saved);
        if (saved.secret !== undefined) reveal(saved, saved.secret, false);
        showToast(creating ? 'Endpoint added. Copy its signing secret now.' : 'Endpoint saved', 'success');
        onSaved(saved);
      },
      onError: (error) => editor.refused(saveRefusal(error) ?? { message: errorMessage(error) }),
    });
  }

  const dialogs =
    endpoint &&
    (confirming === 'delete' ? (
      <DeleteItemDialog
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        deletedToast="Endpoint deleted"
        id={endpoint.id}
        remove={remove}
        onClose={() => setConfirming(null)}
        onDeleted={onDeleted}
      >
        Nothing more is sent to {endpoint.url}, and its delivery log is deleted with it. This can't be undone.
      </DeleteItemDialog>
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
      meta={endpoint && <StatusBadge active={endpoint.active} />}
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
      saving={save.isPending}
      newLabel="New endpoint"
      createLabel="Add endpoint"
      {...editor.itemEditorProps}
      onSubmit={submit}
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
        <SwitchField label="Active" hint="A switched-off endpoint is sent nothing, not even queued retries." checked={form.active} onChange={(active) => set('active', active)} />
      </fieldset>

      <fieldset className="editor-group">
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <SwitchField
            key={event.type}
            title={
              <>
                {event.label} <code>{event.type}</code>
              </>
            }
            label={event.label}
            hint={event.hint}
            checked={form.events.includes(event.type)}
            onChange={(on) => set('events', on ? [...form.events, event.type] : form.events.filter((type) => type !== event.type))}
          />
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
