import { htmlToText } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { htmlNestsDeeperThan } from '../../../common/html-depth';
import { MAX_MESSAGE_LENGTH } from '../../chat/dto/stream.dto';
import type { ChannelAccount } from '../channel-accounts.service';
import type { InboundAttachment, InboundMessage } from '../channel.types';
import { headerMap } from './automated-mail';
import { extractReplyText } from './reply-text';

/** One e-mail as the channel reads it, whether it came as MIME (webhook, IMAP) or as JSON. */
export interface IncomingMail {
  from: { address: string; name: string | null };
  /** To, Cc, Delivered-To and X-Original-To addresses, lower case, in that order: where it may have been sent to. */
  recipients: string[];
  subject: string;
  /** The text part, or the HTML part read as text. */
  body: string;
  /** The Message-ID, or one derived from the message's content when it has none (stable for the same message). */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** Header values by lower-case name. */
  headers: Map<string, string>;
  attachments: InboundAttachment[];
}

/** The JSON form of the webhook (`POST /webhooks/email`). */
export interface JsonMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: Array<{ name: string; mime: string; contentBase64: string }>;
}

/** The message cannot be read as an e-mail someone could be answered at (400 on the webhook, a logged skip on IMAP). */
export class UnreadableMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableMailError';
  }
}

/** HTML longer than this is cut before it is read as text (html-to-text walks the whole tree). */
const MAX_HTML_CHARS = 1_000_000;
/**
 * Deeper HTML is read by stripping its tags: html-to-text takes seconds on thousands of nested
 * elements and overflows the stack beyond, while real mail nests a few dozen levels at most.
 */
const MAX_HTML_DEPTH = 100;
/** Message ids are at most a header line long; a thread's References beyond the last ones add nothing. */
const MAX_ID_CHARS = 998;
const MAX_REFERENCES = 30;
/** Headers the JSON form sets through its own fields (or that shape the MIME structure): its `headers` cannot override them. */
const STRUCTURAL_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition']);
/** Stands in for a sender's domain in ids we derive; `.invalid` can never be a real one (RFC 2606). */
const DERIVED_ID_DOMAIN = 'switchboard.invalid';

/**
 * Reads a MIME message. Broken structure and unknown charsets are decoded as well as mailparser
 * can (unknown bytes become U+FFFD); a message without a sender address is unreadable.
 */
export async function parseMimeMail(raw: Buffer): Promise<IncomingMail> {
  let parsed: ParsedMail;
  try {
    // HTML is read as text here (htmlAsText), with its own limits, whatever the message's structure.
    parsed = await simpleParser(raw, { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    throw new UnreadableMailError(`The message could not be parsed as MIME: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sender = addressesOf(parsed.from)[0];
  if (!sender?.address) throw new UnreadableMailError('The message names no sender address (From).');
  const headers = headerMap(parsed.headerLines);
  const messageId = normalizeId(parsed.messageId ?? '') ?? derivedId(createHash('sha256').update(raw).digest('hex'));
  const inReplyTo = normalizeId(parsed.inReplyTo ?? '');
  const references = idList(parsed.references);
  return {
    from: { address: sender.address.toLowerCase(), name: sender.name || null },
    recipients: unique([
      ...addressesOf(parsed.to),
      ...addressesOf(parsed.cc),
      ...['delivered-to', 'x-original-to'].map((name) => ({ address: bareAddress(headers.get(name) ?? ''), name: '' })),
    ]),
    subject: (parsed.subject ?? '').trim(),
    body: parsed.text?.trim() ? parsed.text : typeof parsed.html === 'string' ? htmlAsText(parsed.html) : '',
    messageId,
    inReplyTo,
    references: references.length > 0 ? references : inReplyTo ? [inReplyTo] : [],
    headers,
    attachments: parsed.attachments
      // Inline parts of an HTML body (logos in signatures) are decoration, not something sent.
      .filter((attachment) => !attachment.related)
      .map((attachment, index) => ({
        name: attachment.filename?.trim() || `attachment-${index + 1}`,
        mime: attachment.contentType || 'application/octet-stream',
        data: attachment.content,
      })),
  };
}

/**
 * Reads the JSON form by writing it as the MIME message it describes and reading that, so both
 * forms are read by one path (HTML-only bodies, address lists, header handling). Without a
 * `messageId`, one is derived from the content: a retried webhook call is the same message.
 */
export async function parseJsonMail(mail: JsonMail): Promise<IncomingMail> {
  const messageId = normalizeId(mail.messageId ?? '') ?? derivedId(createHash('sha256').update(JSON.stringify([mail.from, mail.to, mail.subject, mail.text, mail.html ?? null])).digest('hex'));
  const raw = await new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== undefined ? { html: mail.html } : {}),
    messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references?.length ? { references: mail.references } : {}),
    headers: Object.fromEntries(Object.entries(mail.headers ?? {}).filter(([name]) => !STRUCTURAL_HEADERS.has(name.toLowerCase()))),
    attachments: (mail.attachments ?? []).map((attachment) => ({ filename: attachment.name, contentType: attachment.mime, content: Buffer.from(attachment.contentBase64, 'base64') })),
  })
    .compile()
    .build();
  return parseMimeMail(raw);
}

export interface IntakeLimits {
  maxAttachmentBytes: number;
  maxAttachments: number;
}

/**
 * The message as the pipeline takes it in: the new text only (quoted history and signature
 * stripped; for a new thread headed by its subject, which is often the request itself), the
 * attachments within the limits (the others named in the text, so the person hears why), and
 * where the answer goes: back to the sender, from the mailbox they wrote to, in their thread.
 */
export function inboundFromMail(mail: IncomingMail, account: ChannelAccount, limits: IntakeLimits, receivedAt: Date): InboundMessage {
  const attachments: InboundAttachment[] = [];
  const refused: string[] = [];
  for (const attachment of mail.attachments) {
    if (attachment.data.length > limits.maxAttachmentBytes) refused.push(`${attachment.name} (larger than ${formatBytes(limits.maxAttachmentBytes)})`);
    else if (attachments.length >= limits.maxAttachments) refused.push(`${attachment.name} (more than ${limits.maxAttachments} attachments)`);
    else attachments.push(attachment);
  }
  const continues = uniqueIds([...mail.references, ...(mail.inReplyTo ? [mail.inReplyTo] : [])]);
  const body = extractReplyText(mail.body);
  const heading = continues.length === 0 && mail.subject !== '' && !body.startsWith(mail.subject) ? `${mail.subject}\n\n` : '';
  const note = refused.length > 0 ? `\n\n[Attachments not taken in: ${refused.join(', ')}]` : '';
  const text = `${heading}${body}`.slice(0, MAX_MESSAGE_LENGTH - note.length).trim() + note;
  return {
    channel: 'email',
    accountId: account.id,
    externalId: mail.messageId,
    sender: mail.from,
    text,
    attachments,
    replyAddress: { channel: 'email', to: mail.from.address, from: account.address, subject: mail.subject, inReplyTo: mail.messageId, references: mail.references },
    continues,
    receivedAt,
  };
}

function htmlAsText(html: string): string {
  const bounded = html.slice(0, MAX_HTML_CHARS);
  if (htmlNestsDeeperThan(bounded, MAX_HTML_DEPTH)) return withoutTags(bounded);
  return htmlToText(bounded, {
    wordwrap: false,
    limits: { maxDepth: MAX_HTML_DEPTH },
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
}

/** The text between the tags, for markup too deep to lay out. */
function withoutTags(html: string): string {
  let text = '';
  let done = 0;
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', done)) {
    const close = html.indexOf('>', open);
    if (close < 0) break;
    text += `${html.slice(done, open)} `;
    done = close + 1;
  }
  return (text + html.slice(done)).replace(/[ \t]+/g, ' ').trim();
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) => [...(entry.address ? [{ address: entry.address, name: entry.name }] : []), ...(entry.group ?? []).filter((member) => member.address).map((member) => ({ address: member.address ?? '', name: member.name }))]),
  );
}

/** "Ann <ann@example.org>" or "<ann@example.org>" or "ann@example.org" → "ann@example.org". */
function bareAddress(value: string): string {
  const open = value.lastIndexOf('<');
  const close = value.lastIndexOf('>');
  return (open >= 0 && close > open ? value.slice(open + 1, close) : value).trim();
}

/** Addresses lower-cased, empty ones and repeats dropped, in order. */
function unique(entries: ReadonlyArray<{ address: string }>): string[] {
  return [...new Set(entries.map((entry) => entry.address.trim().toLowerCase()).filter((address) => address !== ''))];
}

/** A message id in its canonical `<…>` form (case kept: ids are compared exactly), bounded; null when there is none. */
export function normalizeId(id: string): string | null {
  if (id.length > MAX_ID_CHARS + 2) return null;
  let start = 0;
  let end = id.length;
  while (start < end && (id[start] === '<' || id[start] === ' ')) start++;
  while (end > start && (id[end - 1] === '>' || id[end - 1] === ' ')) end--;
  return start === end ? null : `<${id.slice(start, end)}>`;
}

function idList(value: string | string[] | undefined): string[] {
  const ids = (Array.isArray(value) ? value : value ? [value] : []).flatMap((entry) => entry.split(/\s+/)).map(normalizeId);
  return uniqueIds(ids.filter((id): id is string => id !== null)).slice(-MAX_REFERENCES);
}

function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function derivedId(hash: string): string {
  return `<${hash.slice(0, 40)}@${DERIVED_ID_DOMAIN}>`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576)} MB` : `${Math.round(bytes / 1024)} KB`;
}
