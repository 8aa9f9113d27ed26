import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** The current test's HTTP server on 127.0.0.1, for specs of code that fetches URLs. */
export interface LoopbackServer {
  /** The path of every request the current test's server received, in order (emptied after each test). */
  readonly hits: string[];
  /** Starts the test's server on a free port, answering with `listener`. */
  serve: (listener: RequestListener) => Promise<{ origin: string; port: number }>;
  /** Closes the server, dropping open connections, and forgets its hits; resolves once it is closed, so later requests are refused. */
  close: () => Promise<void>;
}

/** Registers an afterEach that closes the server a test started and forgets its hits. Call inside describe(). */
export function loopbackServerPerTest(): LoopbackServer {
  let server: Server | undefined;
  const hits: string[] = [];

  const close = async (): Promise<void> => {
    const running = server;
    server = undefined;
    hits.length = 0;
    if (!running) return;
    running.closeAllConnections();
    running.close();
    await once(running, 'close');
  };
  afterEach(close);

  return {
    hits,
    close,
    serve: async (listener) => {
      const started = createServer((req, res) => {
        hits.push(req.url ?? '');
        listener(req, res);
      });
      server = started;
      started.listen(0, '127.0.0.1');
      await once(started, 'listening');
      const { port } = started.address() as AddressInfo;
      return { origin: `http://127.0.0.1:${port}`, port };
    },
  };
}
