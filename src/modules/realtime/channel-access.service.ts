import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import type { RealtimeChannel, RealtimeSubject } from './realtime.types';

export type ChannelNamespace = RealtimeChannel['namespace'];
type ChannelIn<N extends ChannelNamespace> = Extract<RealtimeChannel, { namespace: N }>;

/**
 * Whether `subject` may subscribe to `channel`, a channel of the namespace the authorizer is
 * registered for. A refusal is `false`, never an exception: ChannelAccess answers every refusal
 * alike, so none tells a caller whether a widget or session exists. Throw only for faults (a
 * database down).
 */
export type ChannelAuthorizer<N extends ChannelNamespace> = (subject: RealtimeSubject, channel: ChannelIn<N>) => boolean | Promise<boolean>;

/** A widget visitor, as a request names them: the widget and the session id the visitor holds. */
export interface VisitorClaim {
  widgetId: string;
  sessionId: string;
}

/**
 * Admits a visitor claiming a session from a page of `origin` (undefined when the request did not
 * come from a browser), or throws the refusal the visitor gets (NOT_FOUND for an unknown session,
 * ORIGIN_NOT_ALLOWED, WIDGET_INACTIVE). Registered by the widgets module, which knows sessions.
 */
export type VisitorAdmission = (visitor: VisitorClaim, origin: string | undefined) => Promise<void>;

/**
 * Who may subscribe to what: one authorizer per namespace, and a namespace without one refuses
 * everybody (fail closed). Built in: `user:<id>` for that user only, `system:<topic>` for anyone.
 */
@Injectable()
export class ChannelAccess {
  private readonly authorizers = new Map<ChannelNamespace, ChannelAuthorizer<ChannelNamespace>>();
  private visitorAdmission: VisitorAdmission | undefined;

  constructor() {
    this.register('user', (subject, channel) => subject.kind === 'user' && subject.userId === channel.userId);
    this.register('system', () => true);
  }

  /** Resolves when `subject` may subscribe to `channel`; CHANNEL_FORBIDDEN otherwise. */
  async authorize(subject: RealtimeSubject, channel: RealtimeChannel): Promise<void> {
    const authorizer = this.authorizers.get(channel.namespace);
    if (!authorizer || !(await authorizer(subject, channel))) {
      throw new AppException(ErrorCode.ChannelForbidden, 'You may not subscribe to this channel.');
    }
  }

  /**
   * Opens a namespace. `widget` and `widgettyping` stay closed until the widgets module, which
   * knows widget owners, operators and visitor sessions, registers theirs from one of its providers:
   *
   *   onModuleInit() { this.channelAccess.register('widget', (subject, channel) => this.mayFollow(subject, channel)); }
   *
   * One authorizer per namespace: a second registration is a programming error and throws.
   */
  /** Sets how visitors are admitted; until then none is (fail closed). Once only. */
  admitVisitorsWith(admission: VisitorAdmission): void {
    if (this.visitorAdmission) throw new Error('Visitor admission is already set');
    this.visitorAdmission = admission;
  }

  /** The visitor as a realtime subject, once admitted; NOT_FOUND while no module admits visitors. */
  async admitVisitor(visitor: VisitorClaim, origin: string | undefined): Promise<RealtimeSubject> {
    if (!this.visitorAdmission) throw new AppException(ErrorCode.NotFound, 'No such widget session.');
    await this.visitorAdmission(visitor, origin);
    return { kind: 'visitor', widgetId: visitor.widgetId, sessionId: visitor.sessionId };
  }

  register<N extends ChannelNamespace>(namespace: N, authorizer: ChannelAuthorizer<N>): void {
    if (this.authorizers.has(namespace)) throw new Error(`Realtime namespace ${namespace} already has an authorizer`);
    this.authorizers.set(namespace, (subject, channel) => isIn(namespace, channel) && authorizer(subject, channel));
  }
}

function isIn<N extends ChannelNamespace>(namespace: N, channel: RealtimeChannel): channel is ChannelIn<N> {
  return channel.namespace === namespace;
}
