import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowedTarget, type AddressKind } from './address-classifier';

/** Resolved addresses, as DNS or a URL literal gives them, and what the outbound guard makes of them. */
const CASES: ReadonlyArray<readonly [string, AddressKind]> = [
  ['93.184.215.14', 'public'],
  ['8.8.8.8', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'private'],
  ['100.100.100.200', 'private'],
  ['198.18.0.1', 'private'],
  ['169.254.169.254', 'link-local'],
  ['169.254.0.1', 'link-local'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['192.0.0.192', 'reserved'],
  ['192.0.2.10', 'reserved'],
  ['203.0.113.5', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['2606:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fc00::1', 'private'],
  ['fd00:ec2::254', 'private'],
  ['fec0::1', 'private'],
  ['fe80::1', 'link-local'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['100::1', 'reserved'],
  // IPv4-mapped IPv6 is the IPv4 address it carries, in either notation.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  // So is NAT64, which a gateway translates to that IPv4 address.
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['64:ff9b::808:808', 'public'],
  // And 6to4, whose relay reaches the IPv4 address in bits 16-47.
  ['2002:7f00:1::1', 'loopback'],
  ['2002:a9fe:a9fe::', 'link-local'],
  ['2002:c0a8:101::5', 'private'],
  ['2002:808:808::1', 'public'],
  // Teredo hides its IPv4 endpoints; nothing a server needs to reach.
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
  ['100.63.255.255', 'public'],
  ['100.128.0.1', 'public'],
  ['198.20.0.1', 'public'],
  ['fe80::1%eth0', 'link-local'],
  // The deprecated IPv4-compatible form reaches nothing public.
  ['::127.0.0.1', 'reserved'],
];

describe('classifyAddress', () => {
  it.each(CASES)('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('calls anything that is not an address literal reserved, so it is never sent to', () => {
    for (const notAnAddress of ['localhost', 'example.com', '2130706433', '0177.0.0.1', '0x7f.0.0.1', '', '[::1]']) {
      expect(classifyAddress(notAnAddress)).toBe('reserved');
    }
  });
});

describe('isAllowedTarget', () => {
  it('allows public addresses always, loopback and private ones only when the operator allows them', () => {
    expect(isAllowedTarget('public', false)).toBe(true);
    expect(isAllowedTarget('loopback', false)).toBe(false);
    expect(isAllowedTarget('private', false)).toBe(false);
    expect(isAllowedTarget('loopback', true)).toBe(true);
    expect(isAllowedTarget('private', true)).toBe(true);
  });

  it('never allows link-local (cloud metadata), multicast, unspecified or reserved addresses', () => {
    for (const kind of ['link-local', 'multicast', 'unspecified', 'reserved'] as const) {
      expect(isAllowedTarget(kind, true)).toBe(false);
      expect(isAllowedTarget(kind, false)).toBe(false);
    }
  });
});
