import { GraphApiError } from './graph-api.client';

/** What to do about Meta's commonest refusals, by Meta's error code. */
const HINTS: Record<string, string> = {
  '131047': 'WhatsApp only delivers free text to people who wrote to this number in the last 24 hours.',
  '131030': 'While the Meta app is in development mode, WhatsApp only delivers to its allowed recipients (WhatsApp Manager → API Setup).',
  '131026': 'The recipient cannot receive this message: they may not use WhatsApp, or need to accept its terms.',
  '190': 'The access token has expired or was revoked: set a new one.',
  '10': 'The access token lacks the whatsapp_business_messaging permission for this number.',
  '100': 'WhatsApp does not know this phone number id, or the token may not use it.',
};

/** A failure in words for people: WhatsApp's own message, and what to do about it when we know. */
export function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hint = error instanceof GraphApiError ? HINTS[error.code] : undefined;
  const sentence = error.message.endsWith('.') ? error.message : `${error.message}.`;
  return hint ? `${sentence} ${hint}` : sentence;
}
