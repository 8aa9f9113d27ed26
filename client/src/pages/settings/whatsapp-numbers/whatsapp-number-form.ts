import { ApiError } from '../../../api/http';
import { errorMessage } from '../../../lib/error-messages';
import type { NewWhatsAppNumber, WhatsAppNumber, WhatsAppNumberChange, WhatsAppSecretName } from './whatsapp-numbers-api';

/** A write-only secret as typed: empty keeps the saved one; `forget` removes it on save. */
export interface SecretField {
  value: string;
  forget: boolean;
}

/** What the editor edits. */
export interface WhatsAppNumberForm {
  phoneNumberId: string;
  name: string;
  active: boolean;
  /** Admins only: where this number's Graph API calls go instead of the server's default. */
  graphUrl: string;
  secrets: Record<WhatsAppSecretName, SecretField>;
}

export type WhatsAppNumberFormErrors = Partial<Record<'phoneNumberId' | 'name' | 'graphUrl' | WhatsAppSecretName, string>>;

/** The server's limits (docs/channels.md#whatsapp). */
export const LIMITS = { phoneNumberId: 32, name: 100, graphUrl: 300, accessToken: 1000, appSecret: 200, verifyToken: 200 } as const;

export const SECRET_NAMES: readonly WhatsAppSecretName[] = ['accessToken', 'appSecret', 'verifyToken'];

/** The secrets a number may go without: the server's own (WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN) stand in. */
export const OPTIONAL_SECRETS: readonly WhatsAppSecretName[] = ['appSecret', 'verifyToken'];

const emptySecret = (): SecretField => ({ value: '', forget: false });

export function formOf(number: WhatsAppNumber | undefined): WhatsAppNumberForm {
  return {
    phoneNumberId: number?.address ?? '',
    name: number?.name ?? '',
    active: number?.active ?? true,
    graphUrl: number?.config.graphUrl ?? '',
    secrets: { accessToken: emptySecret(), appSecret: emptySecret(), verifyToken: emptySecret() },
  };
}

export function sameForm(a: WhatsAppNumberForm, b: WhatsAppNumberForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isDigits(value: string): boolean {
  return value !== '' && [...value].every((char) => char >= '0' && char <= '9');
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function formErrors(form: WhatsAppNumberForm, creating: boolean): WhatsAppNumberFormErrors {
  const errors: WhatsAppNumberFormErrors = {};
  const phoneNumberId = form.phoneNumberId.trim();
  if (creating && (!isDigits(phoneNumberId) || phoneNumberId.length > LIMITS.phoneNumberId)) {
    errors.phoneNumberId = 'Enter the phone number id from WhatsApp Manager → API Setup: digits only, not the phone number.';
  }
  if (form.name.trim() === '') errors.name = 'Give the number a name, so you can tell it apart.';
  if (creating && form.secrets.accessToken.value.trim() === '') errors.accessToken = 'An access token is needed: WhatsApp checks it may use this number.';
  const graphUrl = form.graphUrl.trim();
  if (graphUrl !== '' && !isHttpUrl(graphUrl)) errors.graphUrl = 'Enter an http(s) URL, such as https://graph.facebook.com/v21.0.';
  return errors;
}

/** The secrets to send: only those typed, or removed. */
function secretsOf(form: WhatsAppNumberForm): Partial<Record<WhatsAppSecretName, string>> {
  const secrets: Partial<Record<WhatsAppSecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const field = form.secrets[name];
    if (field.value.trim() !== '') secrets[name] = field.value.trim();
    else if (field.forget) secrets[name] = '';
  }
  return secrets;
}

export function toNewNumber(form: WhatsAppNumberForm): NewWhatsAppNumber {
  const { accessToken = '', ...others } = secretsOf(form);
  const graphUrl = form.graphUrl.trim();
  return { phoneNumberId: form.phoneNumberId.trim(), name: form.name.trim(), ...(graphUrl !== '' ? { config: { graphUrl } } : {}), secrets: { accessToken, ...others } };
}

/** The changes to send: name and switch, the Graph URL only when it changed, and only the secrets touched. */
export function toChange(id: string, form: WhatsAppNumberForm, initial: WhatsAppNumberForm): WhatsAppNumberChange {
  const secrets = secretsOf(form);
  const graphUrl = form.graphUrl.trim();
  return {
    id,
    name: form.name.trim(),
    active: form.active,
    ...(graphUrl !== initial.graphUrl.trim() ? { config: { graphUrl: graphUrl === '' ? null : graphUrl } } : {}),
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
  };
}

export function hasSavedSecret(number: WhatsAppNumber | undefined, name: WhatsAppSecretName): boolean {
  return number?.secretsSet.includes(name) ?? false;
}

/** How a secret stands, in words: set or not, replaced or removed on save; never its value. */
export function secretHint(number: WhatsAppNumber | undefined, name: WhatsAppSecretName, field: SecretField): string {
  const saved = hasSavedSecret(number, name);
  const fallback = OPTIONAL_SECRETS.includes(name) ? ' Without one, the server’s own is used.' : '';
  if (field.forget) return `Removed when you save.${fallback}`;
  if (field.value !== '') return saved ? 'Replaces the saved one when you save.' : 'Saved when you save; never shown again.';
  return saved ? 'Set. Type a new one to replace it.' : `Not set.${fallback}`;
}

/** Human words for a refused save, on the field the server names when it names one. */
export function saveRefusal(error: unknown): { field: keyof WhatsAppNumberFormErrors | null; message: string } {
  if (!(error instanceof ApiError)) return { field: null, message: errorMessage(error) };
  switch (error.code) {
    case 'CHANNEL_ACCOUNT_TAKEN':
      return { field: 'phoneNumberId', message: 'This number is set up already, here or by someone else.' };
    case 'FORBIDDEN':
      return { field: 'graphUrl', message: error.message };
    case 'SERVICE_UNAVAILABLE':
    case 'CONFLICT':
      return { field: null, message: error.message };
    case 'VALIDATION_FAILED': {
      const fields: Array<[string, keyof WhatsAppNumberFormErrors]> = [
        ['secrets.accessToken', 'accessToken'],
        ['phoneNumberId', 'phoneNumberId'],
        ['name', 'name'],
        ['config.graphUrl', 'graphUrl'],
      ];
      const field = fields.find(([prefix]) => error.message.startsWith(prefix))?.[1] ?? null;
      return { field, message: field === 'accessToken' ? error.message.slice('secrets.accessToken: '.length) : error.message };
    }
    default:
      return { field: null, message: errorMessage(error) };
  }
}
