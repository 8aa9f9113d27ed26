import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress, isAllowedTarget } from './target-address';

/**
 * An endpoint URL the server refuses to send to, said to the user as it is: a malformed one
 * (`url`), or one whose host is an address it may not reach (`address`).
 */
export class WebhookTargetRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'url' | 'address',
  ) {
    super(message);
    this.name = 'WebhookTargetRefused';
  }
}

/** Resolves a host name to every address it has (dns.lookup with `all`). Injectable for specs. */
export type ResolveAll = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const resolveAllWithDns: ResolveAll = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * Checks the form of an endpoint URL: http or https, a host, no credentials (they would be stored
 * and shown like the rest of the URL; receivers check our signature instead). Returns it parsed.
 */
export function parseEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetRefused('url must be an absolute http(s) URL.', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetRefused('url must use http or https.', 'url');
  if (url.username || url.password) throw new WebhookTargetRefused('url must not contain a user name or password.', 'url');
  if (!url.hostname) throw new WebhookTargetRefused('url must name a host.', 'url');
  return url;
}

/** The URL's host as an address literal when it is one (`[::1]` → `::1`), else null. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}

function refuseUnlessAllowed(host: string, addresses: readonly string[], allowPrivate: boolean): void {
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (!isAllowedTarget(kind, allowPrivate)) {
      const shown = address === host ? address : `${host} (${address})`;
      throw new WebhookTargetRefused(`${shown} is a ${kind} address; webhooks are only sent to public addresses.`, 'address');
    }
  }
}

/**
 * Whether the server may send to this URL now: its host, resolved, must have only addresses it
 * may reach. A host with one public and one private address is refused, since either may be the
 * one connected to. Throws WebhookTargetRefused, also for a host that does not resolve.
 */
export async function checkEndpointUrl(raw: string, allowPrivate: boolean, resolveAll: ResolveAll = resolveAllWithDns): Promise<void> {
  const url = parseEndpointUrl(raw);
  const literal = literalAddress(url);
  if (literal !== null) return refuseUnlessAllowed(literal, [literal], allowPrivate);
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    resolveAll(url.hostname, { all: true }, (error, found) => (error ? reject(new WebhookTargetRefused(`${url.hostname} could not be resolved (${error.code ?? error.message}).`, 'address')) : resolve(found))),
  );
  refuseUnlessAllowed(url.hostname, addresses.map((entry) => entry.address), allowPrivate);
}

/**
 * The `lookup` of the delivery's HTTP request: it resolves the host and checks what it got in the
 * same step that hands the address to the socket, so a DNS answer that changes between a check
 * and the connection (DNS rebinding) cannot slip a private address in. Address literals never
 * reach a lookup: check those with checkEndpointUrl before sending.
 */
export function guardedLookup(allowPrivate: boolean, resolveAll: ResolveAll = resolveAllWithDns): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolveAll(hostname, { all: true, family: options.family, hints: options.hints }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        refuseUnlessAllowed(hostname, addresses.map((entry) => entry.address), allowPrivate);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
