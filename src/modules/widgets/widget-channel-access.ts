import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { ChannelAccess, type VisitorClaim } from '../realtime/channel-access.service';
import type { RealtimeSubject } from '../realtime/realtime.types';
import { WidgetSessionsRepository } from './widget-sessions.repository';
import { WidgetsRepository } from './widgets.repository';
import { WidgetsService } from './widgets.service';

/**
 * Opens the widget namespaces of the realtime gateway (docs/widgets.md): a session's channels
 * (`widget:session.*`, `widgettyping:*`) to that visitor and the widget's owner, the operators
 * channel to the owner only. Visitors are admitted for an existing session of an active widget,
 * from a page the widget allows.
 */
@Injectable()
export class WidgetChannelAccess implements OnModuleInit {
  constructor(
    private readonly access: ChannelAccess,
    private readonly widgets: WidgetsService,
    private readonly widgetRows: WidgetsRepository,
    private readonly sessions: WidgetSessionsRepository,
  ) {}

  onModuleInit(): void {
    this.access.register('widget', (subject, channel) =>
      channel.kind === 'operators' ? this.isOwner(subject, channel.widgetId) : this.mayFollowSession(subject, channel),
    );
    this.access.register('widgettyping', (subject, channel) => this.mayFollowSession(subject, channel));
    this.access.admitVisitorsWith((visitor, origin) => this.admit(visitor, origin));
  }

  private async admit(visitor: VisitorClaim, origin: string | undefined): Promise<void> {
    const widget = await this.widgets.forVisitor(visitor.widgetId, origin);
    if (!widget.active) throw new AppException(ErrorCode.WidgetInactive, 'This chat is switched off at the moment.');
    if (!(await this.sessions.find(widget.id, visitor.sessionId))) throw new AppException(ErrorCode.NotFound, 'No such widget session.');
  }

  /** The visitor of exactly this session (admitted already), or the widget's owner. */
  private async mayFollowSession(subject: RealtimeSubject, channel: { widgetId: string; sessionId: string }): Promise<boolean> {
    if (subject.kind === 'visitor') return subject.widgetId === channel.widgetId && subject.sessionId === channel.sessionId;
    return this.isOwner(subject, channel.widgetId);
  }

  private async isOwner(subject: RealtimeSubject, widgetId: string): Promise<boolean> {
    return subject.kind === 'user' && (await this.widgetRows.findOwned(subject.userId, widgetId)) !== null;
  }
}
