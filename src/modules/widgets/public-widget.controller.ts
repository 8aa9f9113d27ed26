import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestOrigin } from '../../common/http/request-origin';
import { UuidParam } from '../../common/http/uuid-param';
import { AppConfig } from '../../config/app-config';
import type { TrackEvent } from '../../infra/stream/track-stream.service';
import { Public } from '../auth/auth.decorators';
import { AnswerRelay } from '../chat/answer-relay';
import type { StreamEventMap } from '../chat/stream.events';
import { readUpload } from '../files/multipart-upload';
import { ChannelPresence } from '../realtime/channel-presence.service';
import { MAX_VISITOR_ATTACHMENTS, MAX_VISITOR_MESSAGE_LENGTH, visitorCitation, VisitorMessageDto, VisitorTranscriptDto } from './dto/live-support.dto';
import type { PublicWidgetConfigDto } from './dto/public-widget.dto';
import type { VisitorFileDto } from './dto/visitor-file.dto';
import { LiveSupportService } from './live-support.service';
import { VisitorUploads } from './visitor-uploads.service';
import { withDefaults } from './widget-config';
import { WidgetSessionHeader } from './widget-session-id';
import type { Widget } from './widget.entity';
import { WidgetsService } from './widgets.service';

/**
 * What the widget script calls from the owner's pages (docs/widgets.md): no account, so public,
 * and held to the widget's allowed domains by the page's origin. The visitor's session id in
 * `X-Widget-Session` is their credential. Cross-origin (CORS) headers come from widgetCors.
 */
@ApiTags('widget (visitor)')
@Public()
@ApiHeader({ name: 'X-Widget-Session', required: false, description: 'The visitor session id (sess_…), minted by the widget script.' })
@Controller('widget/:wid')
export class PublicWidgetController {
  constructor(
    private readonly widgets: WidgetsService,
    private readonly liveSupport: LiveSupportService,
    private readonly relay: AnswerRelay,
    private readonly presence: ChannelPresence,
    private readonly appConfig: AppConfig,
    private readonly uploads: VisitorUploads,
  ) {}

  @Get('config')
  async config(@UuidParam('wid') widgetId: string, @Req() request: FastifyRequest): Promise<PublicWidgetConfigDto> {
    const widget = await this.widget(widgetId, request);
    if (!widget.active) return { id: widget.id, active: false };
    return {
      id: widget.id,
      active: true,
      config: withDefaults(widget.config),
      operatorsOnline: (await this.presence.count(`widget:operators.${widget.id}`)) > 0,
      limits: {
        messageMaxLength: MAX_VISITOR_MESSAGE_LENGTH,
        messagesPerDay: this.appConfig.widgets.sessionMessagesPerDay,
        uploadMaxBytes: this.appConfig.widgets.uploadMaxBytes,
        attachmentsPerMessage: MAX_VISITOR_ATTACHMENTS,
      },
    };
  }

  /** The visitor's message: the AI's answer as server-sent events, or `202 {mode, message}` while a person handles the session. */
  @ApiProduces('text/event-stream', 'application/json')
  @ApiOkResponse({ description: 'The answer as server-sent events (as POST /messages/stream).' })
  @HttpCode(HttpStatus.OK)
  @Post('message')
  async message(
    @UuidParam('wid') widgetId: string,
    @WidgetSessionHeader() sessionId: string,
    @Body() dto: VisitorMessageDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const widget = await this.widget(widgetId, request);
    const outcome = await this.liveSupport.visitorMessage(widget, sessionId, dto, request.ip);
    if (outcome.kind === 'held') {
      await reply.code(HttpStatus.ACCEPTED).send({ mode: outcome.mode, message: outcome.message });
      return;
    }
    await this.relay.relay(outcome.trackId, undefined, request, reply, visitorEvent);
  }

  /**
   * A file the visitor attaches (multipart field `file`, up to WIDGET_UPLOAD_MAX_BYTES), stored as
   * the widget owner's upload and read like one from POST /files; `fileIds` of the session's next
   * message may name it. Counted against the session's and the IP's upload budgets.
   */
  @Post('files')
  @ApiConsumes('multipart/form-data')
  async upload(@UuidParam('wid') widgetId: string, @WidgetSessionHeader() sessionId: string, @Req() request: FastifyRequest): Promise<VisitorFileDto> {
    const widget = await this.widget(widgetId, request);
    await this.uploads.admit(widget, sessionId, request.ip);
    return this.uploads.store(widget, sessionId, await readUpload(request, this.appConfig.widgets.uploadMaxBytes));
  }

  /** One of the visitor's files, to follow it being read (`state`); NOT_FOUND for any other. */
  @Get('files/:id')
  async file(@UuidParam('wid') widgetId: string, @UuidParam('id') fileId: string, @WidgetSessionHeader() sessionId: string, @Req() request: FastifyRequest): Promise<VisitorFileDto> {
    return this.uploads.get(await this.widget(widgetId, request), sessionId, fileId);
  }

  /** The visitor's conversation, the last 200 messages: NOT_FOUND before their first message. */
  @Get('messages')
  async messages(@UuidParam('wid') widgetId: string, @WidgetSessionHeader() sessionId: string, @Req() request: FastifyRequest): Promise<VisitorTranscriptDto> {
    return this.liveSupport.visitorTranscript(await this.widget(widgetId, request), sessionId);
  }

  /** Re-attaches to an answer of the visitor's conversation (after a page reload), honouring `Last-Event-ID`. */
  @ApiProduces('text/event-stream')
  @Get('stream/:trackId')
  async resume(
    @UuidParam('wid') widgetId: string,
    @UuidParam('trackId') trackId: string,
    @WidgetSessionHeader() sessionId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.liveSupport.visitorTrack(await this.widget(widgetId, request), sessionId, trackId);
    const afterId = await this.relay.resumePoint(trackId, lastEventId ?? lastEventIdQuery);
    await this.relay.relay(trackId, afterId, request, reply, visitorEvent);
  }

  /** The visitor asks for a person. */
  @Post('human-handoff')
  @HttpCode(HttpStatus.OK)
  async handoff(@UuidParam('wid') widgetId: string, @WidgetSessionHeader() sessionId: string, @Req() request: FastifyRequest): Promise<{ mode: string }> {
    return this.liveSupport.handoff(await this.widget(widgetId, request), sessionId);
  }

  private widget(widgetId: string, request: FastifyRequest): Promise<Widget> {
    return this.widgets.forVisitor(widgetId, requestOrigin(request.headers));
  }
}

/**
 * An answer's event as the visitor sees it: citations keep the passage and where it is, but not
 * the id of the owner's file, which the visitor can neither open nor should learn.
 */
function visitorEvent(event: TrackEvent): TrackEvent {
  if (event.event === 'sources') {
    const data = event.data as StreamEventMap['sources'];
    return { ...event, data: { ...data, results: data.results.map(visitorCitation) } };
  }
  if (event.event === 'complete') {
    const data = event.data as StreamEventMap['complete'];
    return { ...event, data: { ...data, citations: data.citations.map(visitorCitation) } };
  }
  return event;
}
