import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import type { AddressKind } from './address-classifier';
import { checkTargetUrl, parseTargetUrl, pinnedLookup, SafeFetchError, type ResolveAll } from './target-guard';

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

describe('parseTargetUrl', () => {
  it('takes absolute http and https URLs', () => {
    expect(parseTargetUrl('https://hooks.example.com/switchboard?x=1').hostname).toBe('hooks.example.com');
    expect(parseTargetUrl('http://127.0.0.1:8080/in').port).toBe('8080');
  });

  it('refuses other schemes, relative URLs and credentials in the URL', () => {
    for (const url of ['ftp://hooks.example.com/', 'file:///etc/passwd', 'gopher://x/', '/relative', 'hooks.example.com', 'https://user:pw@hooks.example.com/']) {
      expect(() => parseTargetUrl(url)).toThrow(SafeFetchError);
    }
  });
});

describe('checkTargetUrl', () => {
  it('accepts a host whose every address is public', async () => {
    await expect(checkTargetUrl('https://hooks.example.com/in', { allowPrivate: false }, dns)).resolves.toBeUndefined();
  });

  it('refuses hosts that resolve to private, loopback or metadata addresses, naming what was found', async () => {
    await expect(checkTargetUrl('https://internal.example.com/', { allowPrivate: false }, dns)).rejects.toThrow('internal.example.com (10.0.0.7) is a private address; the server only connects to public addresses.');
    await expect(checkTargetUrl('http://localhost:3000/', { allowPrivate: false }, dns)).rejects.toThrow('loopback');
    await expect(checkTargetUrl('http://metadata.example.com/latest', { allowPrivate: true }, dns)).rejects.toThrow('link-local');
  });

  it('refuses a host with any disallowed address among public ones', async () => {
    await expect(checkTargetUrl('https://mixed.example.com/', { allowPrivate: false }, dns)).rejects.toThrow('127.0.0.1');
  });

  it('checks address literals without asking DNS, IPv6 in brackets too', async () => {
    const noDns: ResolveAll = () => {
      throw new Error('DNS must not be asked about a literal');
    };
    await expect(checkTargetUrl('http://127.0.0.1:9000/', { allowPrivate: false }, noDns)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(checkTargetUrl('http://[::1]/', { allowPrivate: false }, noDns)).rejects.toThrow('loopback');
    await expect(checkTargetUrl('http://[::ffff:169.254.169.254]/', { allowPrivate: true }, noDns)).rejects.toThrow('link-local');
    await expect(checkTargetUrl('http://[fd00::1]/', { allowPrivate: false }, noDns)).rejects.toThrow('private');
    // WHATWG URL parsing turns decimal and octal IPv4 spellings into the dotted address first.
    await expect(checkTargetUrl('http://2130706433/', { allowPrivate: false }, noDns)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(checkTargetUrl('http://0177.0.0.1/', { allowPrivate: false }, noDns)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(checkTargetUrl('http://0x7f.1/', { allowPrivate: false }, noDns)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(checkTargetUrl('http://0xa9.254.169.254/', { allowPrivate: true }, noDns)).rejects.toThrow('169.254.169.254 is a link-local address');
    await expect(checkTargetUrl('http://[::ffff:7f00:1]/', { allowPrivate: false }, noDns)).rejects.toThrow('loopback');
    await expect(checkTargetUrl('http://[64:ff9b::10.0.0.1]/', { allowPrivate: false }, noDns)).rejects.toThrow('private');
    await expect(checkTargetUrl('http://[2002:a9fe:a9fe::1]/', { allowPrivate: true }, noDns)).rejects.toThrow('link-local');
    await expect(checkTargetUrl('http://0.0.0.0:3000/', { allowPrivate: true }, noDns)).rejects.toThrow('unspecified');
    await expect(checkTargetUrl('http://8.8.8.8/', { allowPrivate: false }, noDns)).resolves.toBeUndefined();
  });

  it('lets loopback and private targets through when the operator allows them, never link-local', async () => {
    await expect(checkTargetUrl('http://127.0.0.1:9000/', { allowPrivate: true }, dns)).resolves.toBeUndefined();
    await expect(checkTargetUrl('http://localhost:9000/', { allowPrivate: true }, dns)).resolves.toBeUndefined();
    await expect(checkTargetUrl('http://169.254.169.254/', { allowPrivate: true }, dns)).rejects.toThrow('link-local');
  });

  it('refuses a host that does not resolve', async () => {
    await expect(checkTargetUrl('https://nowhere.example.com/', { allowPrivate: false }, dns)).rejects.toThrow('nowhere.example.com could not be resolved (ENOTFOUND)');
  });
});

describe('checkTargetUrl with a swapped classifier', () => {
  it('asks the given classifier about every address', async () => {
    const classify = (address: string): AddressKind => (address === '127.0.0.1' ? 'public' : 'loopback');
    await expect(checkTargetUrl('http://127.0.0.1/', { allowPrivate: false, classify }, dns)).resolves.toBeUndefined();
    await expect(checkTargetUrl('http://localhost/', { allowPrivate: false, classify }, dns)).rejects.toThrow('localhost (::1) is a loopback address');
  });
});

describe('pinnedLookup', () => {
  const checked: LookupAddress[] = [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:4700::1111', family: 6 },
  ];
  const lookupOf = (options: { all?: boolean; family?: number }) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>((resolve) => {
      pinnedLookup(checked)('anything.example.com', options, (error, address, family) => resolve({ error, address, family }));
    });

  it('answers with the checked addresses whatever the host name, never asking DNS again', async () => {
    expect(await lookupOf({})).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect((await lookupOf({ all: true })).address).toEqual(checked);
  });

  it('keeps to the family asked for, and fails rather than look elsewhere when none was checked', async () => {
    expect(await lookupOf({ family: 6 })).toEqual({ error: null, address: '2606:4700::1111', family: 6 });
    const only4 = await new Promise<Error | null>((resolve) => pinnedLookup(checked.slice(0, 1))('x', { family: 6 }, (error) => resolve(error)));
    expect(only4).toMatchObject({ code: 'ENOTFOUND' });
  });
});
