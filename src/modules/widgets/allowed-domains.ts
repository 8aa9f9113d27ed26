/**
 * Which pages may embed a widget: entries are host names (`shop.example.com`), optionally with a
 * port (`localhost:5173`), or a wildcard for every subdomain (`*.example.com`, not the bare
 * domain). Matching is by the browser's `Origin`, which names scheme, host and port only.
 */

const MAX_ENTRY_LENGTH = 253;
/** One DNS label: letters, digits and inner hyphens. Bounded, anchored, no nested quantifier. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT = /^[0-9]{1,5}$/;

interface DomainPattern {
  /** The host, or for a wildcard the domain its subdomains end in. */
  host: string;
  wildcard: boolean;
  port: string | undefined;
}

/** The entry as a pattern, or undefined when it is not one (the reason goes into the 400). */
function parseEntry(entry: string): DomainPattern | undefined {
  if (entry.length === 0 || entry.length > MAX_ENTRY_LENGTH || entry !== entry.toLowerCase()) return undefined;
  const wildcard = entry.startsWith('*.');
  const rest = wildcard ? entry.slice(2) : entry;
  const colon = rest.indexOf(':');
  const host = colon < 0 ? rest : rest.slice(0, colon);
  const port = colon < 0 ? undefined : rest.slice(colon + 1);
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65535)) return undefined;
  const labels = host.split('.');
  if (!labels.every((label) => LABEL.test(label))) return undefined;
  // A wildcard needs a registrable domain under it: `*.com` would admit half the web.
  if (wildcard && labels.length < 2) return undefined;
  return { host, wildcard, port };
}

/** The entries that are not valid patterns; empty when all are. */
export function invalidDomainEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => parseEntry(entry) === undefined);
}

/** Whether a page of `origin` may use a widget with these allowed domains. */
export function isOriginAllowedFor(origin: string, entries: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const hostname = url.hostname;
  return entries.some((entry) => {
    const pattern = parseEntry(entry);
    if (!pattern || (pattern.port !== undefined && pattern.port !== url.port)) return false;
    return pattern.wildcard ? hostname.endsWith(`.${pattern.host}`) : hostname === pattern.host;
  });
}
