import type { ChangeEvent } from 'react';
import { CopyButton } from '../../../components/copy-button';
import { TextField } from '../../../components/text-field';
import { useMe } from '../../../hooks/use-me';
import { showToast } from '../../../lib/toasts';
import { ChannelAccountEditor } from '../channel-account-editor';
import { ChannelAccountFields } from '../channel-account-fields';
import { SendTest, TestCheck } from '../send-test';
import { useItemForm } from '../use-item-form';
import type { PaneEditorHandlers } from '../two-pane-section';
import {
  formErrors,
  formOf,
  hasSavedSecret,
  LIMITS,
  OPTIONAL_SECRETS,
  sameForm,
  saveRefusal,
  secretHint,
  toChange,
  toNewNumber,
  type SecretField,
  type WhatsAppNumberForm,
  type WhatsAppNumberFormErrors,
} from './whatsapp-number-form';
import { webhookUrl, type WhatsAppNumber, type WhatsAppSecretName } from './whatsapp-numbers-api';
import { useDeleteWhatsAppNumber, useSaveWhatsAppNumber, useTestWhatsAppNumber } from './use-whatsapp-numbers';

interface WhatsAppNumberEditorProps extends PaneEditorHandlers<WhatsAppNumber> {
  /** Undefined: adding a new number. */
  number: WhatsAppNumber | undefined;
}

const SECRET_TEXT: Record<WhatsAppSecretName, { label: string; placeholder: string }> = {
  accessToken: { label: 'Access token', placeholder: 'A system user’s permanent token' },
  appSecret: { label: 'App secret', placeholder: 'Meta app → App settings → Basic' },
  verifyToken: { label: 'Verify token', placeholder: 'The one you type into the webhook settings' },
};

/** What WhatsApp calls the number, when it said so as the token was checked. */
function knownAs(number: WhatsAppNumber): string | null {
  const { displayPhoneNumber, verifiedName } = number.config;
  if (!displayPhoneNumber && !verifiedName) return null;
  return [displayPhoneNumber, verifiedName && `(${verifiedName})`].filter(Boolean).join(' ');
}

export function WhatsAppNumberEditor({ number, onDirtyChange, onSaved, onDeleted, onBack }: WhatsAppNumberEditorProps) {
  const creating = number === undefined;
  const readOnly = number?.fromEnvironment ?? false;
  const isAdmin = useMe().data?.role === 'admin';
  const editor = useItemForm<WhatsAppNumber, WhatsAppNumberForm, WhatsAppNumberFormErrors>({
    item: number,
    formOf,
    sameForm,
    errors: (form) => formErrors(form, creating),
    readOnly,
    onDirtyChange,
  });
  const { form, setForm, initial, dirty, shown } = editor;
  const save = useSaveWhatsAppNumber();
  const remove = useDeleteWhatsAppNumber();

  function set<K extends 'phoneNumberId' | 'name' | 'active' | 'graphUrl'>(key: K, value: WhatsAppNumberForm[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    if (key !== 'active') editor.forget(key);
  }

  /** A text field of exact text (an id, a URL), bound to the form: no autocompletion, no spell check. */
  function exactText(key: 'phoneNumberId' | 'graphUrl') {
    return {
      name: key,
      value: form[key],
      maxLength: LIMITS[key],
      autoComplete: 'off',
      spellCheck: false,
      error: shown[key],
      onChange: (event: ChangeEvent<HTMLInputElement>) => set(key, event.target.value),
    };
  }

  function setSecret(name: WhatsAppSecretName, field: SecretField) {
    setForm((current) => ({ ...current, secrets: { ...current.secrets, [name]: field } }));
    editor.forget(name);
  }

  function submit() {
    if (!editor.validate()) return;
    save.mutate(creating ? toNewNumber(form) : toChange(number.id, form, initial), {
      onSuccess: (saved) => {
        editor.saved(saved);
        showToast(creating ? 'Number added' : 'Number saved', 'success');
        onSaved(saved);
      },
      onError: (error) => editor.refused(saveRefusal(error)),
    });
  }

  return (
    <ChannelAccountEditor
      account={number}
      noun="number"
      variables="WHATSAPP_*"
      deleteText={
        <>
          Messages to {number?.name} are no longer answered, and its saved token and secrets are deleted. Its conversations stay among your chats.
        </>
      }
      saving={save.isPending}
      remove={remove}
      itemEditorProps={editor.itemEditorProps}
      onSubmit={submit}
      onDeleted={onDeleted}
      onBack={onBack}
    >
      <ChannelAccountFields
        legend="Number"
        creating={creating}
        readOnly={readOnly}
        name={form.name}
        nameMaxLength={LIMITS.name}
        namePlaceholder="e.g. Customer service"
        nameHint="For you: how the number is listed here."
        nameError={shown.name}
        active={form.active}
        activeHint="Switched off, its messages are not taken in and nothing is sent from it."
        onNameChange={(name) => set('name', name)}
        onActiveChange={(active) => set('active', active)}
      >
        <TextField
          label="Phone number id"
          {...exactText('phoneNumberId')}
          inputMode="numeric"
          readOnly={!creating}
          placeholder="e.g. 106540352242922"
          hint={creating ? 'WhatsApp Manager → API Setup: the id of the number, not the number itself.' : (number && knownAs(number)) ?? 'Fixed once the number exists.'}
        />
      </ChannelAccountFields>

      <fieldset className="editor-group" disabled={readOnly}>
        <legend>Access</legend>
        <p className="field-hint">Write-only: once saved, they are never shown again. WhatsApp checks a new access token may use the number before it is saved.</p>
        <div className="form-grid">
          {(['accessToken', 'appSecret', 'verifyToken'] as const).map((name) => (
            <SecretInput key={name} name={name} field={form.secrets[name]} number={number} disabled={readOnly} error={shown[name]} onChange={(field) => setSecret(name, field)} />
          ))}
        </div>
      </fieldset>

      <WebhookSettings />

      {isAdmin && !readOnly && (
        <fieldset className="editor-group">
          <legend>Advanced</legend>
          <div className="form-grid">
            <TextField
              label="Graph API URL"
              {...exactText('graphUrl')}
              type="url"
              placeholder="https://graph.facebook.com/v21.0"
              hint="Leave empty for the server’s (WHATSAPP_GRAPH_URL). The access token is sent here: admins only."
            />
          </div>
        </fieldset>
      )}

      {number && <NumberTest number={number} unsaved={dirty} />}
    </ChannelAccountEditor>
  );
}

interface SecretInputProps {
  name: WhatsAppSecretName;
  field: SecretField;
  number: WhatsAppNumber | undefined;
  disabled: boolean;
  error: string | undefined;
  onChange: (field: SecretField) => void;
}

/** A write-only secret: shows whether one is set, takes a new one to set or replace it, and (when optional) removes it. */
function SecretInput({ name, field, number, disabled, error, onChange }: SecretInputProps) {
  const saved = hasSavedSecret(number, name);
  const removable = saved && OPTIONAL_SECRETS.includes(name) && !disabled;
  return (
    <div>
      <TextField
        label={SECRET_TEXT[name].label}
        name={name}
        type="password"
        value={field.value}
        maxLength={LIMITS[name]}
        autoComplete="new-password"
        spellCheck={false}
        placeholder={saved && !field.forget ? '••••••••' : SECRET_TEXT[name].placeholder}
        hint={secretHint(number, name, field)}
        error={error}
        onChange={(event) => onChange({ value: event.target.value, forget: event.target.value === '' && field.forget })}
      />
      {removable && (
        <button type="button" className="btn btn-small" onClick={() => onChange({ value: '', forget: !field.forget })}>
          {field.forget ? 'Keep the saved one' : 'Remove'}
        </button>
      )}
    </div>
  );
}

/** What to enter in the Meta app, so its webhooks reach this server. */
function WebhookSettings() {
  const url = webhookUrl(window.location.origin);
  return (
    <fieldset className="editor-group">
      <legend>Webhook in your Meta app</legend>
      <div className="widget-embed">
        <p className="field-hint">WhatsApp → Configuration: set this callback URL with your verify token, then subscribe to the “messages” field.</p>
        <div className="widget-snippet">
          <pre>
            <code aria-label="Callback URL">{url}</code>
          </pre>
          <CopyButton text={url} what="Callback URL" />
        </div>
      </div>
    </fieldset>
  );
}

/** Sends a short text from the number; shows whether WhatsApp took it, or what it answered. */
function NumberTest({ number, unsaved }: { number: WhatsAppNumber; unsaved: boolean }) {
  const test = useTestWhatsAppNumber();

  return (
    <SendTest
      label="Send a test message to"
      type="tel"
      autoComplete="tel"
      placeholder="+49 151 2345678"
      hint="In international format. WhatsApp only delivers it to someone who wrote to this number in the last 24 hours."
      unsaved={unsaved}
      sendLabel="Send test message"
      sendingLabel="Sending…"
      pending={test.isPending}
      error={test.error}
      onSend={(to) => test.mutate({ id: number.id, to })}
    >
      {test.data && <TestCheck check={test.data} role="status" />}
    </SendTest>
  );
}
