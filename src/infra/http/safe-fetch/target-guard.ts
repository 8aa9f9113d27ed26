import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress, isAllowedTarget, type AddressKind } from './address-classifier';

export type SafeFetchErrorCode =
  /** Not an absolute http(s) URL, or one with credentials in it. */
  | 'URL_INVALID'
  /** The host is (or resolves to) an address the server may not reach, or does not resolve. */
  | 'ADDRESS_REFUSED'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'TOO_MANY_REDIRECTS'
  /** The caller's own signal aborted the request. */
  | 'ABORTED'
  /** The connection failed or broke (refused, reset, TLS). */
  | 'NETWORK';

/** Why an outbound request was refused or failed, said as it is to the user who named the URL. */
export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

/** Resolves a host name to every address it has (dns.lookup with `all`). Injectable for specs. */
export type ResolveAll = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export const resolveAllWithDns: ResolveAll = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** Which resolved addresses the server may connect to. */
export interface TargetPolicy {
  /** Loopback and private addresses too (OUTBOUND_ALLOW_PRIVATE_TARGETS); never link-local, multicast or reserved ones. */
  allowPrivate: boolean;
  /** The classifier; specs swap it to call one loopback address public, so a redirect can leave it for a refused one. */
  classify?: (address: string) => AddressKind;
}

/**
 * Checks the form of a URL the server is to connect to: http or https, a host, no credentials
 * (they would be stored and shown like the rest of the URL). Returns it parsed. The WHATWG parser
 * has already turned decimal, octal and hex IPv4 spellings (http://2130706433/, http://0x7f.1/)
 * into the dotted address, so those are checked as the address they are.
 */
export function parseTargetUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError('URL_INVALID', 'url must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SafeFetchError('URL_INVALID', 'url must use http or https.');
  if (url.username || url.password) throw new SafeFetchError('URL_INVALID', 'url must not contain a user name or password.');
  if (!url.hostname) throw new SafeFetchError('URL_INVALID', 'url must name a host.');
  return url;
}

/** The URL's host as an address literal when it is one (`[::1]` → `::1`), else null. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}

function refuseUnlessAllowed(host: string, addresses: readonly string[], { allowPrivate, classify = classifyAddress }: TargetPolicy): void {
  for (const address of addresses) {
    const kind = classify(address);
    if (!isAllowedTarget(kind, allowPrivate)) {
      const shown = address === host ? address : `${host} (${address})`;
      throw new SafeFetchError('ADDRESS_REFUSED', `${shown} is a ${kind} address; the server only connects to public addresses.`);
    }
  }
}

/**
 * The addresses the server may connect to for this URL, checked: an address literal as it is, a
 * host name as DNS answers now. A host with one public and one private address is refused, since
 * either may be the one connected to. Throws SafeFetchError (ADDRESS_REFUSED), also for a host
 * that does not resolve.
 */
export async function resolveTarget(url: URL, policy: TargetPolicy, resolveAll: ResolveAll = resolveAllWithDns): Promise<LookupAddress[]> {
  const literal = literalAddress(url);
  if (literal !== null) {
    refuseUnlessAllowed(literal, [literal], policy);
    return [{ address: literal, family: isIP(literal) }];
  }
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    resolveAll(url.hostname, { all: true }, (error, found) =>
      error ? reject(new SafeFetchError('ADDRESS_REFUSED', `${url.hostname} could not be resolved (${error.code ?? error.message}).`)) : resolve(found),
    ),
  );
  if (addresses.length === 0) throw new SafeFetchError('ADDRESS_REFUSED', `${url.hostname} has no address.`);
  refuseUnlessAllowed(url.hostname, addresses.map((entry) => entry.address), policy);
  return addresses;
}

/** Whether the server may connect to this URL now (form and addresses): throws SafeFetchError if not. */
export async function checkTargetUrl(raw: string, policy: TargetPolicy, resolveAll: ResolveAll = resolveAllWithDns): Promise<void> {
  await resolveTarget(parseTargetUrl(raw), policy, resolveAll);
}

/**
 * The `lookup` of a request whose addresses were checked already: it answers with those and never
 * asks DNS again, so a second answer (DNS rebinding) cannot take the connection elsewhere.
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    const usable = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
    const [first] = usable;
    if (!first) return callback(Object.assign(new Error(`${hostname} has no IPv${String(options.family)} address`), { code: 'ENOTFOUND' }), []);
    if (options.all) return callback(null, [...usable]);
    callback(null, first.address, first.family);
  };
}
