/** Longer addresses are not followed: real pages have short ones, and the column holds 2000. */
export const MAX_URL_CHARS = 2000;

/**
 * Extensions that are never pages: links to them are not fetched at all (a crawl would only read
 * their bytes to learn their type and throw them away). Anything else is fetched and kept only
 * when the server calls it HTML or plain text.
 */
const NOT_PAGES: ReadonlySet<string> = new Set([
  'pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'ico', 'bmp', 'tif', 'tiff', 'avif',
  'mp3', 'mp4', 'm4a', 'ogg', 'wav', 'webm', 'mov', 'avi', 'mkv',
  'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar', 'dmg', 'exe', 'msi', 'apk', 'iso', 'bin',
  'css', 'js', 'mjs', 'json', 'xml', 'rss', 'atom', 'woff', 'woff2', 'ttf', 'otf', 'eot',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'csv',
]);

/**
 * The one spelling of a page's address, so a page linked in two ways is read once: resolved
 * against `base`, http(s) only, no credentials, no fragment, no bare `?`. The WHATWG parser already
 * lower-cases the host, drops default ports (:80, :443), resolves `.` and `..` segments and
 * percent-encodes what must be. Null for anything that is not such an address, or is too long.
 */
export function canonicalUrl(raw: string, base?: URL): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  url.hash = '';
  // `?` with nothing after it is the same page; setting '' drops it.
  if (url.search === '') url.search = '';
  return url.href.length > MAX_URL_CHARS ? null : url;
}

/** `www.example.com` → `example.com`; anything else as it is. */
function withoutWww(hostname: string): string {
  return hostname.startsWith('www.') ? hostname.slice(4) : hostname;
}

/** The same host, or the same host with or without `www.` (shop.example.com and www.shop.example.com), whatever the scheme and port. */
export function isSameHost(a: URL, b: URL): boolean {
  return withoutWww(a.hostname) === withoutWww(b.hostname);
}

/**
 * Whether `url` belongs to the site `site` was added as: the same scheme and port, and the same
 * host or the same host with or without `www.` (blog.example.com is another site).
 */
export function isSameSite(site: URL, url: URL): boolean {
  return url.protocol === site.protocol && url.port === site.port && isSameHost(site, url);
}

/** Whether the address names a file that is never a page, by its extension (`/brochure.pdf`). */
export function isNeverAPage(url: URL): boolean {
  const path = url.pathname;
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash) return false;
  return NOT_PAGES.has(path.slice(dot + 1).toLowerCase());
}
