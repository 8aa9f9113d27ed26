/**
 * The raw baseline's web node (run by realtime.bench.ts, never on its own): a plain socket.io
 * server (the product's socket.io version) with @socket.io/redis-adapter, WebSocket only, at the
 * product's path. No auth, no envelope, no history: a client joins its room with `join`, acked.
 * GET /health answers 200 once it listens. Environment: PORT, REDIS_URL (the realtime DB),
 * SOCKET_IO_KEY (the adapter's channel prefix).
 */
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { REALTIME_PATH } from '../../src/infra/realtime/realtime-path';

const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1';
const key = process.env.SOCKET_IO_KEY ?? 'socket.io';

const pub = new Redis(redisUrl, { enableAutoPipelining: false });
const sub = pub.duplicate();
const http = createServer((request, response) => {
  response.writeHead(request.url === '/health' ? 200 : 404).end();
});
const server = new Server(http, {
  path: REALTIME_PATH,
  transports: ['websocket'],
  serveClient: false,
  // socket.io's default, stated because the product sets it too: compression is not what is compared.
  perMessageDeflate: false,
  adapter: createAdapter(pub, sub, { key }),
});
server.on('connection', (socket) => {
  socket.on('join', (room: unknown, ack: unknown) => {
    if (typeof room === 'string') void socket.join(room);
    if (typeof ack === 'function') (ack as (ok: boolean) => void)(typeof room === 'string');
  });
});
http.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  void server.close();
  void Promise.allSettled([pub.quit(), sub.quit()]).then(() => process.exit(0));
});
