import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness } from '../../scripts/cluster/harness';
import { REALTIME_PATH } from '../../src/infra/realtime/realtime-path';
import type { FrameAck } from '../../src/modules/realtime/gateway-frames';
import type { Publication } from '../../src/modules/realtime/realtime.types';
import type { FakeOpenAiServer } from '../support/fake-openai-server';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { reportLogsOnFailure, SLOW_ANSWER, startSlowModel } from './cluster-suite';

const CHAT_USERS = 4;
/** Above HAProxy's 2 failed checks 500 ms apart (scripts/cluster/haproxy-config.ts), with room for a check in flight. */
const DRAIN_DELAY_MS = 2_000;
/** How many messages complete between two restarts: the load keeps running through each. */
const MESSAGES_BETWEEN_RESTARTS = 4;
const HANDSHAKE_TIMEOUT_MS = 5_000;
/** How long the last publications may take to reach a follower that is reconnecting. */
const SETTLE_TIMEOUT_MS = 30_000;
/** A re-attach after a drained stream may meet the same node for a moment; give up only after this many. */
const MAX_REATTACHES = 20;

interface Outcome {
  status: number;
  what: string;
  servedBy: string | null;
}

/** What one chat message came to, as its client saw it (re-attaching as needed). */
interface MessageResult {
  /** Which of the users sent it. */
  user: number;
  messageId: string;
  events: SseEvent[];
  reattaches: number;
}

/**
 * A rolling restart under load: every web node and worker is restarted in turn (SIGTERM, then
 * started again) while users chat through the load balancer and follow their realtime channels.
 * No request is answered 5xx beyond the one being drained per node, every message sent gets
 * exactly one complete answer, and every realtime client reconnects and recovers what it missed.
 */
describe('a rolling restart of every node under chat and realtime load', () => {
  let openai: FakeOpenAiServer;
  let cluster: ClusterHarness;
  let users: Session[];
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  const results: MessageResult[] = [];
  const followers: ChannelFollower[] = [];
  let running = true;

  /** A request through the load balancer, its status recorded. */
  const tracked = async (what: string, path: string, init: RequestInit & { json?: unknown; token?: string }): Promise<Response> => {
    const response = await cluster.request(path, init);
    outcomes.push({ status: response.status, what, servedBy: response.headers.get('x-served-by') });
    return response;
  };

  /** Sends one message and reads its answer to the end, re-attaching with Last-Event-ID whenever a stream ends early. */
  const chatOnce = async (user: number, n: number): Promise<void> => {
    const token = users[user]?.accessToken;
    const started = await tracked('send', '/api/v1/messages/stream', { method: 'POST', token, json: { message: `Question ${n}` } });
    if (started.status !== 200) return;
    const events = await readSse(started, isTerminal).catch((): SseEvent[] => []);
    if (!events[0]) {
      failures.push(`message ${n}: its stream ended before its first event`);
      return;
    }
    // The stream must open with `started` (docs/api.md): it names the track and the answer.
    if (events[0].event !== 'started') {
      failures.push(`message ${n}: its stream began with ${events[0].event}, not started`);
      return;
    }
    const first = events[0].data as { trackId: string; messageId: string };
    let reattaches = 0;
    while (!events.some(isTerminal)) {
      if (++reattaches > MAX_REATTACHES) {
        failures.push(`message ${n}: no final event after ${MAX_REATTACHES} re-attaches`);
        return;
      }
      const resumed = await tracked('resume', `/api/v1/messages/stream/${first.trackId}`, { token, headers: { 'last-event-id': events.at(-1)?.id ?? '' } });
      if (resumed.status === 200) events.push(...(await readSse(resumed, isTerminal).catch((): SseEvent[] => [])));
      else await resumed.body?.cancel();
    }
    results.push({ user, messageId: first.messageId, events, reattaches });
    // Ordinary requests between messages: the list of chats, as the SPA refreshes it.
    await (await tracked('list', '/api/v1/chats', { token })).body?.cancel();
  };

  const chatLoop = async (user: number): Promise<void> => {
    for (let n = 0; running; n++) {
      await chatOnce(user, user * 10_000 + n).catch((error: unknown) => failures.push(`user ${user}: ${String(error)}`));
    }
  };

  beforeAll(async () => {
    // About 3 s of answer (61 words, 50 ms apart): longer than the drain delay, so streams are still
    // open when their node closes and must be resumed elsewhere (shorter ones end during the delay).
    openai = await startSlowModel(50);
    cluster = await ClusterHarness.start({
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseUrl,
        OPENAI_MODELS: 'fake-chat',
        AI_MAX_RETRIES: '0',
        SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
        // Every client is 127.0.0.1 here: the per-IP budgets would throttle the whole test.
        RATE_LIMIT_IP_PER_MIN: '100000',
        RATE_LIMIT_AUTH_PER_MIN: '100000',
      },
    });
    users = [];
    for (let i = 0; i < CHAT_USERS; i++) users.push(await registerUser(cluster, `roller${i}@example.com`));
  });
  afterAll(async () => {
    running = false;
    for (const follower of followers) follower.close();
    await cluster?.stop();
    await openai?.close();
  });
  reportLogsOnFailure(() => cluster);

  it('answers nothing 5xx beyond one drained request per node, loses no message and no publication', async () => {
    for (const user of users) followers.push(await ChannelFollower.start(cluster.baseUrl, user, tracked));
    const loops = users.map((_, index) => chatLoop(index));

    const webs = cluster.webs.length;
    for (const node of [...cluster.webs, ...cluster.workers]) {
      const before = results.length;
      await waitFor(() => results.length >= before + MESSAGES_BETWEEN_RESTARTS, { timeoutMs: 60_000, what: `${MESSAGES_BETWEEN_RESTARTS} answers before restarting ${node.name}` });
      const pid = node.pid;
      await node.restart();
      expect(node.pid).not.toBe(pid);
    }
    const answeredBeforeLast = results.length;
    await waitFor(() => results.length >= answeredBeforeLast + MESSAGES_BETWEEN_RESTARTS, { timeoutMs: 60_000, what: 'answers after the last restart' });
    running = false;
    await Promise.all(loops);

    expect(failures).toEqual([]);
    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500);
    expect(serverErrors.length, JSON.stringify(serverErrors)).toBeLessThanOrEqual(webs);

    // Every message sent got exactly one answer, complete and whole, each event once and in order.
    const sent = outcomes.filter((outcome) => outcome.what === 'send' && outcome.status === 200).length;
    expect(results).toHaveLength(sent);
    for (const result of results) {
      const ids = result.events.map((event) => event.id);
      expect(new Set(ids).size, `duplicate events in ${result.messageId}`).toBe(ids.length);
      expect(result.events.filter(isTerminal)).toEqual([expect.objectContaining({ event: 'complete', data: expect.objectContaining({ status: 'complete' }) })]);
      const text = result.events.filter((event) => event.event === 'chunk').map((event) => (event.data as { text: string }).text).join('');
      expect(text).toBe(SLOW_ANSWER);
    }
    expect(results.some((result) => result.reattaches > 0), 'no stream was ever drained mid-answer: the test proved nothing').toBe(true);

    // Every follower reconnected and holds an unbroken run of its channel, with every completion.
    expect(followers.map((follower) => follower.reconnects > 0)).toEqual(followers.map(() => true));
    for (const [user, follower] of followers.entries()) {
      const mine = results.filter((result) => result.user === user).map((result) => result.messageId);
      const missing = (): string[] => mine.filter((messageId) => !follower.completed.has(messageId));
      await waitFor(() => missing().length === 0, { timeoutMs: SETTLE_TIMEOUT_MS, what: `every completion on ${follower.channel}` }).catch(() => undefined);
      expect(
        { channel: follower.channel, missing: missing(), gaps: follower.gaps(), failure: follower.failure },
        `longest reconnection ${follower.longestReconnectMs} ms`,
      ).toEqual({ channel: follower.channel, missing: [], gaps: [], failure: undefined });
    }
  });
});

/**
 * One user's realtime client through the load balancer, as the SPA runs it: on a lost connection
 * it asks for fresh tokens, reconnects (to whichever node) and subscribes with `since`, adding
 * what it missed. It keeps every publication by offset.
 */
class ChannelFollower {
  readonly channel: string;
  readonly byOffset = new Map<number, Publication>();
  readonly completed = new Set<string>();
  reconnects = 0;
  /** The longest a reconnection took, from losing the socket to being subscribed again. */
  longestReconnectMs = 0;
  /** Why it could not reconnect, if it could not. */
  failure: string | undefined;
  private socket: Socket | undefined;
  private closed = false;

  private constructor(
    private readonly baseUrl: string,
    private readonly user: Session,
    private readonly request: (what: string, path: string, init: RequestInit & { json?: unknown; token?: string }) => Promise<Response>,
  ) {
    this.channel = `user:${user.user.id}`;
  }

  static async start(baseUrl: string, user: Session, request: ChannelFollower['request']): Promise<ChannelFollower> {
    const follower = new ChannelFollower(baseUrl, user, request);
    await follower.connect();
    return follower;
  }

  /** Offsets missing between the first and the last one received. */
  gaps(): number[] {
    const offsets = [...this.byOffset.keys()].sort((a, b) => a - b);
    const missing: number[] = [];
    for (let offset = offsets[0] ?? 0; offset <= (offsets.at(-1) ?? 0); offset++) if (!this.byOffset.has(offset)) missing.push(offset);
    return missing;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private receive(publication: Publication): void {
    if (publication.channel !== this.channel) return;
    this.byOffset.set(publication.offset, publication);
    if (publication.type === 'message.completed') this.completed.add((publication.data as { messageId: string }).messageId);
  }

  private async token(path: string, json?: unknown): Promise<string> {
    const response = await this.request('realtime-token', `/api/v1/realtime/${path}`, { method: 'POST', token: this.user.accessToken, json });
    if (response.status !== 200) throw new Error(`POST /realtime/${path} answered ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  private async connect(): Promise<void> {
    // A handshake that meets a node at the moment it closes is given up after 5 s and tried again
    // (socket.io's own default waits 20 s), as the SPA's reconnection would.
    const socket = io(this.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], auth: { token: await this.token('token') }, reconnection: false, forceNew: true, timeout: HANDSHAKE_TIMEOUT_MS });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      // Live publications are held until the recovery is in: a subscription that fails after some
      // arrived must not move `since` past what its recovery would have brought (the SPA holds them too).
      let held: Publication[] | undefined = [];
      socket.on('publication', (publication: Publication) => (held ? held.push(publication) : this.receive(publication)));
      const offsets = [...this.byOffset.keys()];
      const since = offsets.length > 0 ? Math.max(...offsets) : undefined;
      const ack = (await socket.timeout(5_000).emitWithAck('subscribe', { channel: this.channel, token: await this.token('subscribe', { channel: this.channel }), since })) as FrameAck & {
        recovered?: boolean;
        publications?: Publication[];
      };
      if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
      if (since !== undefined && ack.recovered !== true) throw new Error(`history did not reach back to ${since}`);
      for (const publication of [...(ack.publications ?? []), ...held]) this.receive(publication);
      held = undefined;
    } catch (error) {
      socket.close();
      throw error;
    }
    this.socket = socket;
    socket.once('disconnect', () => {
      if (this.closed) return;
      this.reconnects++;
      const lostAt = Date.now();
      waitFor(
        async () => {
          await this.connect();
          return true;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: `${this.channel} to reconnect` },
      ).then(
        () => (this.longestReconnectMs = Math.max(this.longestReconnectMs, Date.now() - lostAt)),
        (error: unknown) => (this.failure = String(error)),
      );
    });
  }
}
