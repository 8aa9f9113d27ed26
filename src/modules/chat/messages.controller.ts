import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { UuidParam } from '../../common/http/uuid-param';
import { TrackControlService } from '../../infra/stream/track-control.service';
import { compareStreamIds, isStreamId, TrackStreamService } from '../../infra/stream/track-stream.service';
import { AllowQueryToken, CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { channelOf } from './caller-channel';
import { ChatService } from './chat.service';
import type { MessageDetailDto } from './dto/chat.dto';
import { SendMessageDto, StopStreamDto } from './dto/stream.dto';
import { SendMessageService } from './send-message.service';
import { SseWriter } from './sse-writer';
import { TERMINAL_EVENTS, type StreamEventMap } from './stream.events';
import { TrackRegistry } from './track-registry';

/** How a stream ends when its events cannot be read (the headers, and the 200, are already out). */
const UNREADABLE_STREAM: StreamEventMap['error'] = { code: ErrorCode.Internal, message: 'The answer could not be read. Please try again.' };

@ApiTags('messages')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller('messages')
export class MessagesController {
  private readonly logger = new Logger(MessagesController.name);

  constructor(
    private readonly chats: ChatService,
    private readonly sender: SendMessageService,
    private readonly tracks: TrackRegistry,
    private readonly streams: TrackStreamService,
    private readonly control: TrackControlService,
  ) {}

  /** Sends a message and streams the answer as server-sent events (docs/api.md). */
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The answer as server-sent events; failures after this point arrive as an `error` event.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @HttpCode(HttpStatus.OK)
  @Post('stream')
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SendMessageDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const started = await this.sender.start(principal.userId, dto, channelOf(principal));
    await this.relay(started.trackId, undefined, request, reply);
  }

  /**
   * Re-attaches to a running or finished answer, on any node. With `Last-Event-ID` only what
   * came after that event is sent. Also takes the token as `?token=` (EventSource).
   */
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The events after `Last-Event-ID` (all of them without it) as server-sent events.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The `id:` of the last event received.' })
  @AllowQueryToken()
  @Get('stream/:trackId')
  async resume(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('trackId') trackId: string,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lastEventId = lastEventIdHeader ?? lastEventIdQuery;
    if (lastEventId !== undefined && !isStreamId(lastEventId)) {
      throw new AppException(ErrorCode.InvalidLastEventId, 'Last-Event-ID must be an id this stream sent.');
    }
    await this.authorize(principal, trackId);
    const afterId = lastEventId === undefined ? undefined : await this.resumePoint(trackId, lastEventId);
    await this.relay(trackId, afterId, request, reply);
  }

  /** Cancels generation; the stream ends with `complete {status:'stopped'}` within a second. */
  @Post('stop')
  @HttpCode(HttpStatus.ACCEPTED)
  async stop(@CurrentPrincipal() principal: Principal, @Body() dto: StopStreamDto): Promise<{ trackId: string }> {
    await this.authorize(principal, dto.trackId);
    await this.control.requestStop(dto.trackId);
    return { trackId: dto.trackId };
  }

  /** One message with its task records and files. */
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<MessageDetailDto> {
    return this.chats.getMessage(principal.userId, id);
  }

  private async authorize(principal: Principal, trackId: string): Promise<void> {
    const owner = await this.tracks.ownerOf(trackId);
    if (owner?.userId !== principal.userId) throw new AppException(ErrorCode.NotFound, 'No such stream (it may have expired).');
  }

  /**
   * Where a resume after `lastEventId` picks up. An id later than the track's newest event was
   * never sent: following after it would skip every event still to come, the final one included,
   * so it is refused. When it is the track's final event the client has it all: the stream
   * replays just that event, so it ends the way every stream ends instead of waiting for nothing.
   */
  private async resumePoint(trackId: string, lastEventId: string): Promise<string | undefined> {
    const [newest, beforeNewest] = await this.streams.latest(trackId, 2);
    if (!newest || compareStreamIds(lastEventId, newest.id) > 0) {
      throw new AppException(ErrorCode.InvalidLastEventId, 'Last-Event-ID is later than the last event of this stream.');
    }
    return lastEventId === newest.id && TERMINAL_EVENTS.has(newest.event) ? beforeNewest?.id : lastEventId;
  }

  /** Follows the track until its last event or until the client leaves (which does not cancel). */
  private async relay(trackId: string, afterId: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const sse = new SseWriter(request, reply);
    try {
      for await (const event of this.streams.follow(trackId, afterId, sse.closed)) {
        sse.send(event);
        if (TERMINAL_EVENTS.has(event.event)) break;
      }
    } catch (error) {
      // Ending on `error` rather than just closing: a client re-attaches after a bare close, and
      // would keep re-attaching to a stream that cannot be read.
      this.logger.error(error);
      sse.send({ event: 'error', data: UNREADABLE_STREAM });
    } finally {
      sse.end();
    }
  }
}
