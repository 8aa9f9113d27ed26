import type { WhatsAppMessage } from './webhook-payload';

/** Media Meta holds for us: downloaded through the Graph API by its id. */
export interface MediaReference {
  id: string;
  kind: MediaKind;
  mime: string;
  /** The sender's file name (documents), else one made from the kind and the mime type. */
  name: string;
}

export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';

/** What the pipeline gets from one message, or why it gets nothing. */
export type InboundContent = { text: string; media: MediaReference | null } | { skip: string };

const MEDIA_KINDS: readonly MediaKind[] = ['image', 'audio', 'video', 'document', 'sticker'];

/** Said in place of a caption when a file came without one: the pipeline needs words to answer. */
const MEDIA_LABEL: Record<MediaKind, string> = {
  image: '[Image]',
  audio: '[Audio]',
  video: '[Video]',
  document: '[Document]',
  sticker: '[Sticker]',
};

/** Message types that are not something said to us: nothing to answer. */
const NOT_ANSWERED: Record<string, string> = {
  reaction: 'a reaction to an earlier message',
  system: 'a system notice (e.g. the sender changed numbers)',
  ephemeral: 'a disappearing message WhatsApp does not show to businesses',
  unsupported: 'a message type WhatsApp does not deliver to the Cloud API',
  unknown: 'a message type WhatsApp does not deliver to the Cloud API',
};

/** Bounds for what a sender writes into the text we build (locations, contacts, replies). */
const MAX_FIELD = 1000;
const MAX_CONTACTS = 20;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max = MAX_FIELD): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, max);
}

function coordinate(value: unknown): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/**
 * Turns a message into the text the pipeline answers and the file to fetch, if any: text as
 * written; media with its caption; a location or shared contacts as a line of text each; an
 * interactive or quick-reply answer as the title chosen. Anything else is skipped with a reason.
 */
export function describeMessage(message: WhatsAppMessage): InboundContent {
  const body = message[message.type];
  if (MEDIA_KINDS.includes(message.type as MediaKind)) return media(message.type as MediaKind, body);
  switch (message.type) {
    case 'text':
      return textOrSkip(isObject(body) ? text(body.body, 65_536) : null, 'a text message without a body');
    case 'location':
      return location(body);
    case 'contacts':
      return contacts(body);
    case 'interactive':
      return interactive(body);
    case 'button':
      return textOrSkip(isObject(body) ? (text(body.text) ?? text(body.payload)) : null, 'a quick reply without a text');
    default:
      return { skip: NOT_ANSWERED[message.type] ?? `a message of type "${message.type.slice(0, 64)}", which this channel does not read` };
  }
}

function textOrSkip(value: string | null, reason: string): InboundContent {
  return value === null ? { skip: reason } : { text: value, media: null };
}

function media(kind: MediaKind, body: unknown): InboundContent {
  const id = isObject(body) ? text(body.id, 256) : null;
  if (!isObject(body) || id === null) return { skip: `a ${kind} message without a media id` };
  const mime = text(body.mime_type, 200)?.split(';')[0]?.trim() ?? 'application/octet-stream';
  const caption = text(body.caption, 4096);
  const filename = kind === 'document' ? text(body.filename, 200) : null;
  const label = kind === 'audio' && body.voice === true ? '[Voice message]' : MEDIA_LABEL[kind];
  return {
    text: caption ?? (filename !== null ? `${label} ${filename}` : label),
    media: { id, kind, mime, name: filename ?? `${kind}-${id.slice(-12)}${extensionFor(mime)}` },
  };
}

/** "📍 Location: name, address (lat, lon)", without the parts the sender left out. */
function location(body: unknown): InboundContent {
  if (!isObject(body)) return { skip: 'a location without coordinates' };
  const latitude = coordinate(body.latitude);
  const longitude = coordinate(body.longitude);
  if (latitude === null || longitude === null) return { skip: 'a location without coordinates' };
  const place = [text(body.name), text(body.address)].filter((part): part is string => part !== null).join(', ');
  const url = text(body.url);
  return { text: `📍 Location: ${place === '' ? '' : `${place} `}(${latitude}, ${longitude})${url === null ? '' : ` ${url}`}`, media: null };
}

/** One line per shared contact: their name, then their numbers and addresses. */
function contacts(body: unknown): InboundContent {
  const lines = (Array.isArray(body) ? body : []).slice(0, MAX_CONTACTS).flatMap((contact: unknown) => {
    if (!isObject(contact)) return [];
    const name = (isObject(contact.name) ? (text(contact.name.formatted_name) ?? text(contact.name.first_name)) : null) ?? 'Unnamed contact';
    const phones = (Array.isArray(contact.phones) ? contact.phones : []).flatMap((phone: unknown) => {
      const number = isObject(phone) ? text(phone.phone, 64) : null;
      const type = isObject(phone) ? text(phone.type, 32) : null;
      return number === null ? [] : [type === null ? number : `${number} (${type.toLowerCase()})`];
    });
    const emails = (Array.isArray(contact.emails) ? contact.emails : []).flatMap((email: unknown) => {
      const address = isObject(email) ? text(email.email, 254) : null;
      return address === null ? [] : [address];
    });
    return [`👤 Contact: ${[name, ...phones, ...emails].join(', ')}`];
  });
  return lines.length === 0 ? { skip: 'a contacts message without contacts' } : { text: lines.join('\n'), media: null };
}

/** The title of the button or list row the sender chose. */
function interactive(body: unknown): InboundContent {
  if (!isObject(body)) return { skip: 'an interactive message without a reply' };
  const reply = body.type === 'button_reply' ? body.button_reply : body.type === 'list_reply' ? body.list_reply : undefined;
  if (!isObject(reply)) return { skip: `an interactive reply of type "${String(body.type).slice(0, 64)}", which this channel does not read` };
  return textOrSkip(text(reply.title) ?? text(reply.id), 'an interactive reply without a title');
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/aac': '.aac',
  'audio/amr': '.amr',
  'video/mp4': '.mp4',
  'video/3gpp': '.3gp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
};

function extensionFor(mime: string): string {
  return EXTENSIONS[mime.toLowerCase()] ?? '';
}
