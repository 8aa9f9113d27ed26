import { setTimeout as sleep } from 'node:timers/promises';
import { decodeText } from '../../../infra/http/decode-text';
import { safeFetch, type SafeResponse } from '../../../infra/http/safe-fetch/safe-fetch';
import { SafeFetchError } from '../../../infra/http/safe-fetch/target-guard';
import type { ExtractedDocument } from '../../files/extraction/document-kind';
import { extractHtml, extractPlainText } from '../../files/extraction/text-formats';
import { outlinePage } from './page-links';
import { ALLOW_ALL, DISALLOW_ALL, MAX_ROBOTS_BYTES, parseRobots, type RobotsPolicy } from './robots';
import { canonicalUrl, isNeverAPage, isSameHost, isSameSite } from './site-urls';

/** The product token robots.txt groups name us by. */
export const CRAWLER_AGENT = 'SwitchboardBot';
const USER_AGENT = `${CRAWLER_AGENT}/1.0`;
/** One request (DNS, connection, the whole body) at most; the crawl's deadline may cut it shorter. */
const REQUEST_TIMEOUT_MS = 15_000;
/** A site's Crawl-delay is honoured up to this: a longer one would let a site stall the queue's worker. */
export const MAX_CRAWL_DELAY_MS = 5_000;
/** Addresses remembered (queued or read) per crawl: the queue stays bounded on a site of endless links. */
const MAX_KNOWN_URLS = 5_000;

const HTML_TYPES: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface CrawlOptions {
  maxPages: number;
  maxPageBytes: number;
  maxTotalBytes: number;
  /** Links followed from the start page; 0 reads the start page only. */
  maxDepth: number;
  /** The whole crawl; it stops there with what it read. */
  timeoutMs: number;
  /** OUTBOUND_ALLOW_PRIVATE_TARGETS. */
  allowPrivate: boolean;
}

export interface CrawledPage {
  url: string;
  title: string | null;
  document: ExtractedDocument;
  chars: number;
}

/** A page that could not be read, with why (`code` in the style of the source's `error`). */
export interface CrawlFailure {
  url: string;
  code: string;
  message: string;
}

export type CrawlEvent = { kind: 'page'; page: CrawledPage } | { kind: 'failure'; failure: CrawlFailure };

interface Queued {
  url: URL;
  depth: number;
}

/**
 * Reads a website breadth-first from `start`, yielding each page with text as it is read and each
 * page that could not be read. Every request goes through safeFetch (the outbound guard: public
 * addresses only unless allowed, checked again on every hop), redirects are handled here so that
 * none leaves the site. Only pages of the same site (site-urls.ts) are read; robots.txt is read
 * first for each origin and obeyed (our group or `*`, Crawl-delay up to MAX_CRAWL_DELAY_MS); only
 * HTML and plain-text answers are kept, up to maxPageBytes each; links are followed to maxDepth.
 * It stops at maxPages pages, maxTotalBytes read or the deadline, whichever comes first.
 */
export async function* crawlSite(start: URL, options: CrawlOptions): AsyncGenerator<CrawlEvent> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const endsAt = Date.now() + options.timeoutMs;
  const robots = new Map<string, RobotsPolicy>();
  const queue: Queued[] = [{ url: start, depth: 0 }];
  const known = new Set<string>([start.href]);
  let site = start;
  let head = 0;
  let pages = 0;
  let bytes = 0;
  // Redirects and failures use requests too: bounded, so a site of nothing but redirects ends.
  let requests = 0;
  let lastRequestAt = 0;
  /** Whether the latest request's timeout was cut short to end with the crawl's deadline. */
  let cutByDeadline = false;

  const fetchOnce = async (url: URL, extra: { maxBytes: number; redirect: 'manual' | 'follow'; truncate?: boolean }): Promise<SafeResponse> => {
    requests++;
    lastRequestAt = Date.now();
    const timeoutMs = Math.max(1, Math.min(REQUEST_TIMEOUT_MS, endsAt - lastRequestAt));
    cutByDeadline = timeoutMs < REQUEST_TIMEOUT_MS;
    const response = await safeFetch(url.href, {
      allowPrivate: options.allowPrivate,
      headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.9', 'user-agent': USER_AGENT },
      maxBytes: extra.maxBytes,
      oversize: extra.truncate ? 'truncate' : 'error',
      redirect: extra.redirect,
      timeoutMs,
      signal: deadline,
    });
    bytes += response.body.length;
    return response;
  };

  /** Robots.txt of the URL's origin, read once per crawl; a failure to be yielded when it could not be read. */
  const robotsOf = async (url: URL): Promise<{ policy: RobotsPolicy; failure?: CrawlFailure }> => {
    const cached = robots.get(url.origin);
    if (cached) return { policy: cached };
    const robotsUrl = new URL('/robots.txt', url.origin);
    let policy: RobotsPolicy;
    let failure: CrawlFailure | undefined;
    try {
      const response = await fetchOnce(robotsUrl, { maxBytes: MAX_ROBOTS_BYTES, redirect: 'follow', truncate: true });
      if (response.status >= 200 && response.status < 300) policy = parseRobots(decodeText(response.body, response.headers['content-type']), CRAWLER_AGENT);
      else if (response.status >= 400 && response.status < 500) policy = ALLOW_ALL;
      else throw new SafeFetchError('NETWORK', `it answered ${response.status}`);
    } catch (error) {
      if (!(error instanceof SafeFetchError)) throw error;
      // The crawl's time is up: nothing more is read, and nothing is known of the file.
      if (deadline.aborted) return { policy: DISALLOW_ALL };
      // RFC 9309: a robots.txt that exists but cannot be read forbids everything.
      policy = DISALLOW_ALL;
      failure = { url: robotsUrl.href, code: 'ROBOTS_UNAVAILABLE', message: `${robotsUrl.href} could not be read (${error.message}), so the site may not be crawled.` };
    }
    robots.set(url.origin, policy);
    return { policy, failure };
  };

  const enqueue = (url: URL, depth: number): void => {
    if (known.size >= MAX_KNOWN_URLS || known.has(url.href) || !isSameSite(site, url) || isNeverAPage(url)) return;
    known.add(url.href);
    queue.push({ url, depth });
  };

  while (head < queue.length && pages < options.maxPages && bytes < options.maxTotalBytes && requests < options.maxPages * 3 && !deadline.aborted) {
    const { url, depth } = queue[head++];
    const { policy, failure } = await robotsOf(url);
    if (deadline.aborted) break;
    if (failure) yield { kind: 'failure', failure };
    if (!policy.allows(url.pathname + url.search)) {
      if (depth === 0 && !failure) yield { kind: 'failure', failure: { url: url.href, code: 'ROBOTS_DISALLOWED', message: `robots.txt of ${url.origin} does not let crawlers read ${url.href}.` } };
      continue;
    }
    const delayMs = Math.min((policy.crawlDelayS ?? 0) * 1000, MAX_CRAWL_DELAY_MS) - (Date.now() - lastRequestAt);
    if (delayMs > 0 && !(await sleep(delayMs, true, { signal: deadline }).catch(() => false))) break;

    let response: SafeResponse;
    try {
      response = await fetchOnce(url, { maxBytes: options.maxPageBytes, redirect: 'manual' });
    } catch (error) {
      if (!(error instanceof SafeFetchError)) throw error;
      // A request whose timeout was cut to the crawl's deadline may time out a moment before the
      // deadline fires: either way the crawl is over, and that page is not a failure of the site.
      if (deadline.aborted || (error.code === 'TIMEOUT' && cutByDeadline)) break;
      yield { kind: 'failure', failure: { url: url.href, code: error.code, message: `${url.href}: ${error.message}` } };
      continue;
    }

    if (REDIRECTS.has(response.status)) {
      const location = response.headers.location;
      const target = location ? canonicalUrl(location, url) : null;
      if (!target) continue;
      // The address the site was added as may move as a whole (http → https, example.com → www.…):
      // the place it leads becomes the site.
      if (pages === 0 && url === start && isSameHost(start, target)) site = target;
      enqueue(target, depth);
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      yield { kind: 'failure', failure: { url: url.href, code: 'HTTP_ERROR', message: `${url.href} answered ${response.status}.` } };
      continue;
    }
    const type = response.contentType ?? 'text/plain';
    const isHtml = HTML_TYPES.has(type);
    // Anything else (images, PDFs, feeds) is no page to read: passed over, not a failure.
    if (!isHtml && type !== 'text/plain') continue;
    const encoding = response.headers['content-encoding'];
    if (encoding && encoding !== 'identity') {
      yield { kind: 'failure', failure: { url: url.href, code: 'UNREADABLE', message: `${url.href} was sent compressed (${encoding}) unasked.` } };
      continue;
    }

    const text = decodeText(response.body, response.headers['content-type']);
    let title: string | null = null;
    if (isHtml) {
      const outline = outlinePage(text, url);
      if (!outline.noFollow && depth < options.maxDepth) for (const link of outline.links) enqueue(link, depth + 1);
      if (outline.noIndex) continue;
      title = outline.title;
    }
    const document = isHtml ? extractHtml(text) : extractPlainText(text);
    const chars = document.sections.reduce((sum, section) => sum + section.text.length, 0);
    if (chars === 0) continue;
    pages++;
    yield { kind: 'page', page: { url: url.href, title, document, chars } };
  }
}
