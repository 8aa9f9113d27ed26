import { Injectable } from '@nestjs/common';
import { htmlToText } from 'html-to-text';
import { htmlNestsDeeperThan } from '../../../common/html-depth';
import { AppConfig } from '../../../config/app-config';
import type { Citation } from '../../chat/message.entity';
import { decodeText } from '../../../infra/http/decode-text';
import { safeFetch, type SafeFetchOptions, type SafeResponse } from '../../../infra/http/safe-fetch/safe-fetch';
import { SafeFetchError, type SafeFetchErrorCode } from '../../../infra/http/safe-fetch/target-guard';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';

/** The most of a page read: articles are far smaller; a larger answer is a download, not a page. */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** DNS, connection, redirects and the whole body: a page that takes longer is not worth the wait. */
const FETCH_TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 5;
/** The text handed to the next step: enough for a long article, bounded for the model's context. */
const MAX_TEXT_CHARS = 20_000;
/** Markup nested deeper than this is not read (html-to-text slows to seconds on pathological nesting). */
const MAX_HTML_DEPTH = 256;
const MAX_TITLE_CHARS = 300;
/** The start of the page's text shown with its citation. */
const SNIPPET_CHARS = 240;

const HTML_TYPES: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES: ReadonlySet<string> = new Set(['text/plain', 'text/markdown', 'text/csv', 'application/json', 'text/xml', 'application/xml']);

/** What each refusal of the guard means to the user, as a stable code of the failed step. */
const FAILURES: Readonly<Record<SafeFetchErrorCode, string>> = {
  URL_INVALID: 'URL_INVALID',
  ADDRESS_REFUSED: 'URL_NOT_ALLOWED',
  TIMEOUT: 'URL_FETCH_TIMEOUT',
  TOO_LARGE: 'URL_TOO_LARGE',
  TOO_MANY_REDIRECTS: 'URL_FETCH_FAILED',
  ABORTED: 'URL_FETCH_FAILED',
  NETWORK: 'URL_FETCH_FAILED',
};

/** A fetched page, read as text. */
export interface ReadPage {
  url: string;
  title: string | null;
  text: string;
  truncated: boolean;
}

/**
 * Reads the page a user named (`url` input, as the planner writes it) through the outbound guard
 * (safeFetch: public addresses only unless OUTBOUND_ALLOW_PRIVATE_TARGETS, every redirect checked,
 * size and time bounded) and hands the next step (summarize, chat) its readable text, headed by
 * its title and address as source [1], which the result's citation describes (the pipeline
 * renumbers it after earlier steps' sources and shows it with the answer).
 */
@Injectable()
export class UrlFetchCapability implements TaskCapabilityHandler {
  readonly name = 'url_fetch';
  readonly kind = 'text';

  constructor(private readonly config: AppConfig) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const url = (run.inputs.values.url ?? run.inputs.text).trim();
    if (!url) throw new CapabilityError('NO_INPUT', 'No web address was given to read.');
    const response = await this.fetch(url, run.signal);
    const page = readPage(response);
    return { text: describePage(page), citations: [citationOf(page)] };
  }

  private async fetch(url: string, signal: AbortSignal): Promise<SafeResponse> {
    const options: SafeFetchOptions = {
      allowPrivate: this.config.outbound.allowPrivateTargets,
      headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5', 'user-agent': 'Switchboard-UrlFetch/1' },
      maxBytes: MAX_PAGE_BYTES,
      timeoutMs: FETCH_TIMEOUT_MS,
      maxRedirects: MAX_REDIRECTS,
      signal,
    };
    try {
      return await safeFetch(url, options);
    } catch (error) {
      if (error instanceof SafeFetchError) throw new CapabilityError(FAILURES[error.code], `${url} could not be read: ${error.message}`);
      throw error;
    }
  }
}

/** The page's readable text (HTML without scripts, styles, navigation and forms), or a CapabilityError saying why not. */
export function readPage(response: SafeResponse): ReadPage {
  if (response.status < 200 || response.status >= 300) throw new CapabilityError('URL_FETCH_FAILED', `${response.url} answered ${response.status}.`);
  const type = response.contentType ?? 'text/plain';
  const isHtml = HTML_TYPES.has(type);
  if (!isHtml && !TEXT_TYPES.has(type)) throw new CapabilityError('URL_UNSUPPORTED_TYPE', `${response.url} is ${type}, not a page that can be read as text.`);
  // No Accept-Encoding is sent (the size cap counts the bytes as they are): a compressed body was not asked for.
  const encoding = response.headers['content-encoding'];
  if (encoding && encoding !== 'identity') throw new CapabilityError('URL_UNREADABLE', `${response.url} sent its page compressed (${encoding}) unasked.`);
  const source = decodeText(response.body, response.headers['content-type']);
  if (isHtml && htmlNestsDeeperThan(source, MAX_HTML_DEPTH)) throw new CapabilityError('URL_UNREADABLE', `${response.url} nests its markup too deeply to be read.`);
  const full = (isHtml ? htmlAsText(source) : source).trim();
  return {
    url: response.url,
    title: isHtml ? titleOf(source) : null,
    text: full.slice(0, MAX_TEXT_CHARS),
    truncated: response.truncated || full.length > MAX_TEXT_CHARS,
  };
}

/** The page as the next step reads it: a header naming the source as [1], then the text. */
export function describePage(page: ReadPage): string {
  const heading = page.title ? `[1] Web page "${page.title}" <${page.url}>` : `[1] Web page <${page.url}>`;
  const note = page.truncated ? '\n[The page continues; only its beginning was read.]' : '';
  return `${heading}:\n${page.text || '(The page has no readable text.)'}${note}`;
}

export function citationOf(page: ReadPage): Citation {
  const snippet = page.text.replace(/\s+/g, ' ').trim();
  return { n: 1, url: page.url, title: page.title ?? page.url, snippet: snippet.length > SNIPPET_CHARS ? `${snippet.slice(0, SNIPPET_CHARS - 1)}…` : snippet };
}

function htmlAsText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    limits: { maxDepth: MAX_HTML_DEPTH },
    selectors: [
      ...['script', 'style', 'noscript', 'template', 'nav', 'footer', 'aside', 'form', 'button', 'iframe', 'svg', 'img'].map((selector) => ({ selector, format: 'skip' })),
      { selector: 'a', options: { ignoreHref: true } },
    ],
  });
}

/** The text of the page's <title>, found without a regex (the page is untrusted) and decoded by html-to-text. */
function titleOf(html: string): string | null {
  const head = html.slice(0, 65_536);
  const lower = head.toLowerCase();
  const open = lower.indexOf('<title');
  const start = open < 0 ? -1 : lower.indexOf('>', open);
  const end = start < 0 ? -1 : lower.indexOf('</title', start);
  if (end < 0) return null;
  const title = htmlToText(head.slice(start + 1, end), { wordwrap: false }).replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARS);
  return title || null;
}
