import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { checkEndpointUrl, guardedLookup, parseEndpointUrl, WebhookTargetRefused, type ResolveAll } from './webhook-target';

/** A resolver that answers from a table, as DNS would (ENOTFOUND for anything else). */
function resolverOf(table: Record<string, string[]>): ResolveAll {
  return (hostname, _options, callback) => {
    const addresses = table[hostname];
    if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
}

const dns = resolverOf({
  'hooks.example.com': ['93.184.215.14', '2606:4700::1111'],
  'internal.example.com': ['10.0.0.7'],
  'metadata.example.com': ['169.254.169.254'],
  'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
});

describe('parseEndpointUrl', () => {
  it('takes absolute http and https URLs', () => {
    expect(parseEndpointUrl('https://hooks.example.com/switchboard?x=1').hostname).toBe('hooks.example.com');
    expect(parseEndpointUrl('http://127.0.0.1:8080/in').port).toBe('8080');
  });

  it('refuses other schemes, relative URLs and credentials in the URL', () => {
    for (const url of ['ftp://hooks.example.com/', 'file:///etc/passwd', 'gopher://x/', '/relative', 'hooks.example.com', 'https://user:pw@hooks.example.com/']) {
      expect(() => parseEndpointUrl(url)).toThrow(WebhookTargetRefused);
    }
  });
});

describe('checkEndpointUrl', () => {
  it('accepts a host whose every address is public', async () => {
    await expect(checkEndpointUrl('https://hooks.example.com/in', false, dns)).resolves.toBeUndefined();
  });

  it('refuses hosts that resolve to private, loopback or metadata addresses, naming what was found', async () => {
    await expect(checkEndpointUrl('https://internal.example.com/', false, dns)).rejects.toThrow('internal.example.com (10.0.0.7) is a private address');
    await expect(checkEndpointUrl('http://localhost:3000/', false, dns)).rejects.toThrow('loopback');
    await expect(checkEndpointUrl('http://metadata.example.com/latest', true, dns)).rejects.toThrow('link-local');
  });

  it('refuses a host with any disallowed address among public ones', async () => {
    await expect(checkEndpointUrl('https://mixed.example.com/', false, dns)).rejects.toThrow('127.0.0.1');
  });

  it('checks address literals without asking DNS, IPv6 in brackets too', async () => {
    const noDns: ResolveAll = () => {
      throw new Error('DNS must not be asked about a literal');
    };
    await expect(checkEndpointUrl('http://127.0.0.1:9000/', false, noDns)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(checkEndpointUrl('http://[::1]/', false, noDns)).rejects.toThrow('loopback');
    await expect(checkEndpointUrl('http://[::ffff:169.254.169.254]/', true, noDns)).rejects.toThrow('link-local');
    await expect(checkEndpointUrl('http://[fd00::1]/', false, noDns)).rejects.toThrow('private');
    // WHATWG URL parsing turns decimal and octal IPv4 spellings into the dotted address first.
    await expect(checkEndpointUrl('http://2130706433/', false, noDns)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(checkEndpointUrl('http://0177.0.0.1/', false, noDns)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(checkEndpointUrl('http://8.8.8.8/', false, noDns)).resolves.toBeUndefined();
  });

  it('lets loopback and private targets through when the operator allows them, never link-local', async () => {
    await expect(checkEndpointUrl('http://127.0.0.1:9000/', true, dns)).resolves.toBeUndefined();
    await expect(checkEndpointUrl('http://localhost:9000/', true, dns)).resolves.toBeUndefined();
    await expect(checkEndpointUrl('http://169.254.169.254/', true, dns)).rejects.toThrow('link-local');
  });

  it('refuses a host that does not resolve', async () => {
    await expect(checkEndpointUrl('https://nowhere.example.com/', false, dns)).rejects.toThrow('nowhere.example.com could not be resolved (ENOTFOUND)');
  });
});

describe('guardedLookup', () => {
  const lookupOf = (allowPrivate: boolean, hostname: string, all: boolean) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[] }>((resolve) => {
      guardedLookup(allowPrivate, dns)(hostname, { all }, (error, address) => resolve({ error, address }));
    });

  it('hands the socket the first address, or all of them when asked, once they are checked', async () => {
    expect(await lookupOf(false, 'hooks.example.com', false)).toEqual({ error: null, address: '93.184.215.14' });
    expect((await lookupOf(false, 'hooks.example.com', true)).address).toHaveLength(2);
  });

  it('fails the connection instead of connecting to a refused address', async () => {
    const { error } = await lookupOf(false, 'mixed.example.com', false);
    expect(error).toBeInstanceOf(WebhookTargetRefused);
    expect((await lookupOf(true, 'metadata.example.com', true)).error).toBeInstanceOf(WebhookTargetRefused);
    expect((await lookupOf(true, 'localhost', false)).address).toBe('127.0.0.1');
  });
});
