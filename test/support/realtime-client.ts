import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH } from '../../src/infra/realtime/realtime-path';
import type { FrameAck } from '../../src/modules/realtime/gateway-frames';
import type { Publication } from '../../src/modules/realtime/realtime.types';
import type { RunningWebApp } from './test-app';
import type { Session } from './users';
import { waitFor } from './wait-for';

/** How long a test waits for an ack before failing: acks come in milliseconds. */
const ACK_TIMEOUT_MS = 5_000;

/** What a refused handshake tells the client (`connect_error`): the message and `data.code`. */
export interface HandshakeRefusal {
  message: string;
  code: string | undefined;
}

/** One connected socket.io client of the realtime gateway, recording every publication it receives. */
export class RealtimeClient {
  readonly publications: Publication[] = [];

  constructor(readonly socket: Socket) {
    socket.on('publication', (publication: Publication) => this.publications.push(publication));
  }

  /** Emits `event` with `args` and resolves with the gateway's ack. */
  send(event: string, ...args: unknown[]): Promise<FrameAck> {
    return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, ...args) as Promise<FrameAck>;
  }

  /** Waits until `count` publications of `channel` have arrived and returns them. */
  async received(channel: string, count: number): Promise<Publication[]> {
    const of = (): Publication[] => this.publications.filter((publication) => publication.channel === channel);
    await waitFor(() => of().length >= count, { what: `${count} publication(s) on ${channel}` });
    return of();
  }
}

/**
 * Opens realtime clients the way browsers must (WebSocket only, at the realtime path) and closes
 * them all at the end of a suite: `afterAll(() => clients.closeAll())`.
 */
export class RealtimeClients {
  private readonly sockets = new Set<Socket>();

  /** A client connected to `baseUrl` with `token`; rejects with the refusal when the handshake is refused. */
  async connect(baseUrl: string, token: unknown, origin?: string): Promise<RealtimeClient> {
    const socket = this.open(baseUrl, { token }, origin);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
        socket.close();
        reject(new Error(`handshake refused (${error.data?.code}): ${error.message}`));
      });
    });
    return new RealtimeClient(socket);
  }

  /** The refusal of a handshake with `auth` (failing the test if the socket connects instead). */
  async refusal(baseUrl: string, auth: Record<string, unknown>, origin?: string): Promise<HandshakeRefusal> {
    const socket = this.open(baseUrl, auth, origin);
    try {
      return await new Promise<HandshakeRefusal>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('the handshake was accepted')));
        socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(refusalOf(error)));
      });
    } finally {
      socket.close();
    }
  }

  closeAll(): void {
    for (const socket of this.sockets) socket.close();
    this.sockets.clear();
  }

  private open(baseUrl: string, auth: Record<string, unknown>, origin: string | undefined): Socket {
    const socket = io(baseUrl, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      auth,
      // Each test decides when to reconnect, and to which node.
      reconnection: false,
      forceNew: true,
      extraHeaders: origin === undefined ? undefined : { origin },
    });
    this.sockets.add(socket);
    return socket;
  }
}

function refusalOf(error: Error & { data?: { code?: string } }): HandshakeRefusal {
  return { message: error.message, code: error.data?.code };
}

/**
 * `session` connected to `web` (as the SPA connects: a connection token, then a subscription token)
 * and subscribed to its own `user:<id>` channel. Fails with the response when a token is refused.
 */
export async function subscribeToUserChannel(web: Pick<RunningWebApp, 'baseUrl' | 'request'>, session: Session, clients: RealtimeClients): Promise<RealtimeClient> {
  const token = async (path: string, json?: unknown): Promise<string> => {
    const response = await web.request(`/api/v1/realtime/${path}`, { method: 'POST', token: session.accessToken, json });
    if (response.status !== 200) throw new Error(`POST /realtime/${path} answered ${response.status}, expected 200: ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  };
  const client = await clients.connect(web.baseUrl, await token('token'));
  const channel = `user:${session.user.id}`;
  const ack = await client.send('subscribe', { channel, token: await token('subscribe', { channel }) });
  if (!ack.ok) throw new Error(`subscribing to ${channel} was refused: ${JSON.stringify(ack)}`);
  return client;
}
