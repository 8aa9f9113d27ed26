import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface ProxyTarget {
  host: string;
  port: number;
}

/**
 * A TCP proxy on 127.0.0.1 in front of one server (MariaDB, in the fault tests) that a test can
 * cut and restore: a network partition between the app and that server, which stays up. Cut, it
 * destroys every connection through it and resets each new one as it arrives (the client sees
 * ECONNRESET, as when a server goes away); restored, it forwards new connections again.
 *
 *   const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 3306 });
 *   env: { DATABASE_URL: proxy.rewrite(databaseUrl) }
 *   proxy.cut();  …  proxy.restore();  …  await proxy.close();
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private isCut = false;

  private constructor(
    private readonly server: Server,
    private readonly target: ProxyTarget,
  ) {}

  /** Listens on `port` (default: one the OS picks) and forwards to `target`. */
  static async start(target: ProxyTarget, port = 0): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Connections open through the proxy now (both sides counted once). */
  get openConnections(): number {
    return this.sockets.size / 2;
  }

  get cutOff(): boolean {
    return this.isCut;
  }

  /** `url` (mariadb://…, redis://…) pointed at the proxy instead of the target. */
  rewrite(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(this.port);
    return proxied.toString();
  }

  /** Destroys every connection through the proxy and resets new ones until `restore()`. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  /** Stops listening and destroys every connection. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(this.target);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(socket);
      socket.pipe(other);
      // Either side failing or closing takes the other one down, as a dropped connection would.
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        other.destroy();
      });
    }
  }
}
