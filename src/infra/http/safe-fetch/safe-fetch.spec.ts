import { describe, expect, it } from 'vitest';
import { loopbackServerPerTest } from '../testing/loopback-server';
import { classifyAddress } from './address-classifier';
import { safeFetch, type SafeFetchOptions } from './safe-fetch';
import type { ResolveAll } from './target-guard';

/**
 * Every request here goes to a loopback server the spec starts. To show a hop being refused after
 * an allowed one, the guard is strict (no private targets) with a classifier that calls only
 * 127.0.0.1 public: every other address is judged as it really is and never connected to.
 */
const onlyTestServerPublic = (address: string) => (address === '127.0.0.1' ? 'public' : classifyAddress(address));

/** A resolver whose answers for a name change from call to call, as a rebinding DNS server's do. */
function rebindingResolver(answers: Record<string, string[]>): ResolveAll & { calls: string[] } {
  const calls: string[] = [];
  const resolve: ResolveAll = (hostname, _options, callback) => {
    calls.push(hostname);
    const sequence = answers[hostname] ?? [];
    const address = sequence[Math.min(calls.filter((name) => name === hostname).length, sequence.length) - 1];
    if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, [{ address, family: 4 }]);
  };
  return Object.assign(resolve, { calls });
}

describe('safeFetch', () => {
  const loopback = loopbackServerPerTest();
  const { hits, serve } = loopback;

  const lenient: SafeFetchOptions = { allowPrivate: true, maxBytes: 10_000, timeoutMs: 5_000 };
  const strict: SafeFetchOptions = { allowPrivate: false, classify: onlyTestServerPublic, maxBytes: 10_000, timeoutMs: 5_000 };

  it('fetches a page: status, headers, final URL, body and media type', async () => {
    const { origin } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-test': 'yes' }).end('<p>hello</p>'));
    const response = await safeFetch(`${origin}/page`, lenient);
    expect(response).toMatchObject({ status: 200, url: `${origin}/page`, contentType: 'text/html', truncated: false });
    expect(response.headers['x-test']).toBe('yes');
    expect(response.body.toString()).toBe('<p>hello</p>');
  });

  it('refuses loopback, by address and by name, without connecting, unless private targets are allowed', async () => {
    const { origin } = await serve((_req, res) => res.end('secret'));
    const noPrivate: SafeFetchOptions = { ...lenient, allowPrivate: false };
    await expect(safeFetch(origin, noPrivate)).rejects.toMatchObject({ code: 'ADDRESS_REFUSED', message: expect.stringContaining('127.0.0.1 is a loopback address') });
    await expect(safeFetch(origin.replace('127.0.0.1', 'localhost'), noPrivate)).rejects.toMatchObject({ code: 'ADDRESS_REFUSED' });
    await expect(safeFetch(origin.replace('127.0.0.1', '2130706433'), noPrivate)).rejects.toMatchObject({ code: 'ADDRESS_REFUSED' });
    await expect(safeFetch(origin.replace('127.0.0.1', '[::ffff:127.0.0.1]'), noPrivate)).rejects.toMatchObject({ code: 'ADDRESS_REFUSED' });
    expect(hits).toEqual([]);
  });

  it('refuses other schemes before anything else', async () => {
    await expect(safeFetch('file:///etc/passwd', lenient)).rejects.toMatchObject({ code: 'URL_INVALID' });
    await expect(safeFetch('not a url', lenient)).rejects.toMatchObject({ code: 'URL_INVALID' });
  });

  it('follows redirects and reports where the answer came from', async () => {
    const { origin } = await serve((req, res) => {
      if (req.url === '/a') return res.writeHead(301, { location: '/b' }).end();
      if (req.url === '/b') return res.writeHead(302, { location: `${origin}/c` }).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('arrived');
    });
    const response = await safeFetch(`${origin}/a`, strict);
    expect(response).toMatchObject({ status: 200, url: `${origin}/c` });
    expect(response.body.toString()).toBe('arrived');
    expect(hits).toEqual(['/a', '/b', '/c']);
  });

  it.each([
    ['a loopback address', 'http://127.0.0.2:9/', 'loopback'],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['a decimal spelling of a private address', 'http://167772161/', 'private'],
    ['a hex spelling of loopback', 'http://0x7f.0.0.2/', 'loopback'],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:7f00:1]/', 'loopback'],
    ['a 6to4 address of a private network', 'http://[2002:c0a8:101::1]/', 'private'],
    ['IPv6 loopback', 'http://[::1]/', 'loopback'],
  ])('refuses a redirect from an allowed host to %s, without connecting to it', async (_what, location, kind) => {
    const { origin } = await serve((_req, res) => res.writeHead(302, { location }).end());
    await expect(safeFetch(`${origin}/start`, strict)).rejects.toMatchObject({ code: 'ADDRESS_REFUSED', message: expect.stringContaining(`a ${kind} address`) });
    expect(hits).toEqual(['/start']);
  });

  it('re-resolves every hop: a name that rebinds to a private address between hops is refused', async () => {
    const { port } = await serve((req, res) => {
      if (req.url === '/start') return res.writeHead(302, { location: `http://rebind.test:${port}/inside` }).end();
      res.end('should never be read');
    });
    const dns = rebindingResolver({ 'rebind.test': ['127.0.0.1', '10.0.0.1'] });
    await expect(safeFetch(`http://rebind.test:${port}/start`, { ...strict, resolveAll: dns })).rejects.toMatchObject({
      code: 'ADDRESS_REFUSED',
      message: expect.stringContaining('rebind.test (10.0.0.1) is a private address'),
    });
    expect(hits).toEqual(['/start']);
    // One answer per hop: the connection used the checked address, it did not look the name up again.
    expect(dns.calls).toEqual(['rebind.test', 'rebind.test']);
  });

  it('connects to the address it checked, whatever DNS would answer next', async () => {
    const { port } = await serve((_req, res) => res.end('pinned'));
    const dns = rebindingResolver({ 'pinned.test': ['127.0.0.1', '10.0.0.1'] });
    const response = await safeFetch(`http://pinned.test:${port}/`, { ...strict, resolveAll: dns });
    expect(response.body.toString()).toBe('pinned');
    expect(dns.calls).toEqual(['pinned.test']);
  });

  it('gives up after maxRedirects', async () => {
    const { origin } = await serve((_req, res) => res.writeHead(302, { location: `/${hits.length}` }).end());
    await expect(safeFetch(origin, { ...lenient, maxRedirects: 2 })).rejects.toMatchObject({ code: 'TOO_MANY_REDIRECTS' });
    expect(hits).toHaveLength(3);
  });

  it("returns a redirect as the answer with redirect 'manual'", async () => {
    const { origin } = await serve((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end());
    expect(await safeFetch(origin, { ...lenient, redirect: 'manual' })).toMatchObject({ status: 302 });
    expect(hits).toHaveLength(1);
  });

  it('refuses a body larger than maxBytes, declared or streamed, or keeps its start when asked to', async () => {
    const { origin } = await serve((req, res) => {
      if (req.url === '/declared') return res.writeHead(200, { 'content-length': '20000' }).end('x'.repeat(20_000));
      res.writeHead(200);
      for (let i = 0; i < 64; i++) res.write('y'.repeat(16_384));
      res.end();
    });
    await expect(safeFetch(`${origin}/declared`, lenient)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(safeFetch(`${origin}/streamed`, lenient)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    const kept = await safeFetch(`${origin}/streamed`, { ...lenient, oversize: 'truncate' });
    expect(kept).toMatchObject({ status: 200, truncated: true });
    expect(kept.body).toHaveLength(10_000);
  });

  it('gives up on a server that does not answer in time', async () => {
    const { origin } = await serve(() => undefined);
    await expect(safeFetch(origin, { ...lenient, timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it("stops when the caller's signal aborts", async () => {
    const { origin } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = safeFetch(origin, { ...lenient, signal: controller.signal });
    await expect.poll(() => hits).toHaveLength(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('sends a POST body with its length, and reports a refused connection as a network failure', async () => {
    let received = '';
    const { origin } = await serve((req, res) => {
      req.on('data', (chunk: Buffer) => (received += chunk.toString()));
      req.on('end', () => res.writeHead(204).end());
    });
    expect(await safeFetch(origin, { ...lenient, method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1}') })).toMatchObject({ status: 204 });
    expect(received).toBe('{"a":1}');
    await loopback.close();
    await expect(safeFetch(origin, lenient)).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('ECONNREFUSED') });
  });
});
