import { BlockList, isIP } from 'node:net';

/**
 * What kind of host an IP address is, for the outbound-request guard (server-side request
 * forgery): webhook endpoints, pages to fetch and sites to crawl are named by users, and the server
 * connects to them, so it must never reach the machine itself, the internal network or a cloud
 * metadata service unless the operator says so.
 */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'unspecified' | 'reserved';

/** Kinds that OUTBOUND_ALLOW_PRIVATE_TARGETS admits (local receivers, test servers); the rest never are. */
const PRIVATE_KINDS: ReadonlySet<AddressKind> = new Set(['loopback', 'private']);

type Ranges = ReadonlyArray<readonly [address: string, prefix: number]>;

/** IPv4 ranges by kind (RFC 6890 special-purpose registry). */
const IPV4: Readonly<Record<Exclude<AddressKind, 'public'>, Ranges>> = {
  unspecified: [['0.0.0.0', 8]],
  loopback: [['127.0.0.0', 8]],
  // RFC 1918, carrier-grade NAT (also Alibaba's metadata address 100.100.100.200), benchmarking.
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['100.64.0.0', 10],
    ['198.18.0.0', 15],
  ],
  // Includes 169.254.169.254, the metadata service of most clouds.
  'link-local': [['169.254.0.0', 16]],
  multicast: [['224.0.0.0', 4]],
  // IETF assignments (Oracle's metadata 192.0.0.192), documentation, 6to4 relay, class E and broadcast.
  reserved: [
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['192.88.99.0', 24],
    ['240.0.0.0', 4],
  ],
};

/** IPv6 ranges by kind. IPv4-mapped addresses (::ffff:a.b.c.d) match the IPv4 ranges already (BlockList does that). */
const IPV6: Readonly<Record<Exclude<AddressKind, 'public'>, Ranges>> = {
  unspecified: [['::', 128]],
  loopback: [['::1', 128]],
  // Unique local (also AWS's IPv6 metadata fd00:ec2::254) and the deprecated site-local.
  private: [
    ['fc00::', 7],
    ['fec0::', 10],
  ],
  'link-local': [['fe80::', 10]],
  multicast: [['ff00::', 8]],
  // Discard-only, documentation, the deprecated IPv4-compatible block, and Teredo (its IPv4 server
  // and client are obfuscated inside: nothing a server needs to reach).
  reserved: [
    ['100::', 64],
    ['2001:db8::', 32],
    ['::', 96],
    ['2001::', 32],
  ],
};

/** NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits: it is whatever that address is. */
const NAT64_PREFIX = '64:ff9b::';

/** 6to4 (2002::/16) carries an IPv4 address in bits 16-47 (2002:7f00:1:: is 127.0.0.1's): it is whatever that address is too. */
function sixToFour(ipv4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split('.').map(Number);
  return `2002:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}::`;
}

const LISTS: ReadonlyArray<readonly [AddressKind, BlockList]> = (Object.keys(IPV4) as Array<Exclude<AddressKind, 'public'>>).map((kind) => {
  const list = new BlockList();
  for (const [address, prefix] of IPV4[kind]) {
    list.addSubnet(address, prefix, 'ipv4');
    list.addSubnet(NAT64_PREFIX + address, 96 + prefix, 'ipv6');
    list.addSubnet(sixToFour(address), 16 + prefix, 'ipv6');
  }
  for (const [address, prefix] of IPV6[kind]) list.addSubnet(address, prefix, 'ipv6');
  return [kind, list] as const;
});

/**
 * The kind of a resolved IP address (a literal, as DNS or the URL gives it). Anything that is not
 * an IP address at all is `reserved`, so a caller that passes a host name by mistake refuses it.
 * Kinds are tried in the order above, so `::` and `::1` are unspecified and loopback rather than
 * part of the reserved IPv4-compatible block that holds them.
 */
export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of LISTS) if (list.check(address, type)) return kind;
  return 'public';
}

/** Whether the server may send to this address: public ones always; loopback and private ones only when allowed. */
export function isAllowedTarget(kind: AddressKind, allowPrivate: boolean): boolean {
  return kind === 'public' || (allowPrivate && PRIVATE_KINDS.has(kind));
}
