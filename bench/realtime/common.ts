/** What the realtime bench's processes agree on: the clock, the visitors and their channels, the payload. */
import { JwtService } from '@nestjs/jwt';

/**
 * Milliseconds on CLOCK_MONOTONIC (`process.hrtime`), which on Linux is one clock for every
 * process of the machine: a send time taken in the publisher and a receive time taken in a client
 * process subtract correctly, with sub-microsecond resolution, and never jump with the wall clock.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** What every publication carries, in both runs: when it was sent, its number, whether it is measured. */
export interface BenchPayload {
  /** monotonicMs() just before the publisher handed it to the publish path. */
  t: number;
  seq: number;
  /** 1 once the warm-up is over. */
  m: 0 | 1;
}

/** The i-th visitor's widget session id (`sess_` and 24–64 of [A-Za-z0-9_-], as the widget script mints them). */
export function sessionId(i: number): string {
  return `sess_bench${String(i).padStart(20, '0')}`;
}

/** The channel a visitor of `widgetId` follows, and the room it is emitted to. */
export function sessionChannel(widgetId: string, session: string): string {
  return `widget:session.${widgetId}.${session}`;
}

const TOKEN_TTL_S = 3600;

/**
 * What POST /realtime/widget/:wid/sessions/:sid/token and POST /realtime/subscribe hand a visitor
 * once they have authorized it: a connection token and a subscription token for its session
 * channel, HS256 on REALTIME_TOKEN_SECRET. The gateway only verifies them, so the bench, which
 * chose the secret, signs them itself.
 */
export class VisitorTokens {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256', expiresIn: TOKEN_TTL_S } });
  }

  for(widgetId: string, session: string): { channel: string; connection: string; subscription: string } {
    const sub = `visitor:${widgetId}.${session}`;
    const channel = sessionChannel(widgetId, session);
    return {
      channel,
      connection: this.jwt.sign({ sub, kind: 'connection' }),
      subscription: this.jwt.sign({ sub, kind: 'subscription', channel }),
    };
  }
}

