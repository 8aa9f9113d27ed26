import Redis from 'ioredis';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnedRedis } from '../../scripts/cluster/owned-redis';
import { TcpProxy } from '../../scripts/cluster/tcp-proxy';
import { waitFor } from '../support/wait-for';

/** The two fault tools of the cluster tests: they must really cut, and really keep data. */
describe('TcpProxy', () => {
  let echo: Server;
  let proxy: TcpProxy;

  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: (echo.address() as AddressInfo).port });
  });
  afterAll(async () => {
    await proxy?.close();
    await new Promise((resolve) => echo?.close(resolve));
  });

  /** A connection through the proxy, and what arrives on it and how it ends. */
  const connect = (): { socket: Socket; received: () => string; ended: Promise<string> } => {
    const socket = createConnection({ host: '127.0.0.1', port: proxy.port });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    const ended = new Promise<string>((resolve) => {
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      socket.on('close', () => resolve('closed'));
    });
    return { socket, received: () => data, ended };
  };

  it('forwards both ways while restored, cuts open connections and resets new ones while cut', async () => {
    const before = connect();
    before.socket.write('hello');
    await waitFor(() => before.received() === 'hello', { what: 'the echo through the proxy' });
    expect(proxy.openConnections).toBe(1);

    proxy.cut();
    // The echo server is still there: only the proxy can have ended the connection.
    expect(['closed', 'ECONNRESET']).toContain(await before.ended);
    const during = connect();
    expect(await during.ended).toBe('ECONNRESET');
    expect(during.received()).toBe('');

    proxy.restore();
    const after = connect();
    after.socket.write('again');
    await waitFor(() => after.received() === 'again', { what: 'the echo after restoring' });
    after.socket.destroy();
  });

  it('points a URL at itself', () => {
    expect(proxy.rewrite('mariadb://root:pw@db.internal:3306/app?x=1')).toBe(`mariadb://root:pw@127.0.0.1:${proxy.port}/app?x=1`);
  });
});

describe('OwnedRedis', () => {
  let redis: OwnedRedis;
  let client: Redis;

  beforeAll(async () => {
    redis = await OwnedRedis.create();
    // Retries forever without flushing commands: the test decides when Redis is back.
    client = new Redis(redis.url(), { maxRetriesPerRequest: null, retryStrategy: () => 50, lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.dispose();
  });

  it('keeps its data across a restart and a crash, on the same port', async () => {
    await client.set('kept', 'across restarts');
    await client.rpush('queued', 'a', 'b');

    await redis.restart();
    expect(await client.get('kept')).toBe('across restarts');

    await client.rpush('queued', 'c');
    await redis.kill();
    expect(redis.running).toBe(false);
    await redis.start();
    expect(await client.lrange('queued', 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('is refused while stopped', async () => {
    await redis.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: redis.port });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
    await redis.start();
  });
});
