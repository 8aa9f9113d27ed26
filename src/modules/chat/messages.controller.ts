import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { TrackControlService } from '../../infra/stream/track-control.service';
import { isStreamId, TrackStreamService } from '../../infra/stream/track-stream.service';
import { AllowQueryToken, CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { ChatService } from './chat.service';
import type { MessageDetailDto } from './dto/chat.dto';
import { SendMessageDto, StopStreamDto } from './dto/stream.dto';
import { SendMessageService } from './send-message.service';
import { SseWriter } from './sse-writer';
import { TERMINAL_EVENTS } from './stream.events';
import { TrackRegistry } from './track-registry';

@ApiTags('messages')
@ApiBearerAuth()
@RequireScope(ApiScope.Chat)
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly chats: ChatService,
    private readonly sender: SendMessageService,
    private readonly tracks: TrackRegistry,
    private readonly streams: TrackStreamService,
    private readonly control: TrackControlService,
  ) {}

  /** Sends a message and streams the answer as server-sent events (SPEC §4). */
  @ApiProduces('text/event-stream')
  @Post('stream')
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SendMessageDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const started = await this.sender.start(principal.userId, dto);
    await this.relay(started.trackId, undefined, request, reply);
  }

  /**
   * Re-attaches to a running or finished answer, on any node. With `Last-Event-ID` only what
   * came after that event is sent. Also takes the token as `?token=` (EventSource).
   */
  @ApiProduces('text/event-stream')
  @AllowQueryToken()
  @Get('stream/:trackId')
  async resume(
    @CurrentPrincipal() principal: Principal,
    @Param('trackId', new ParseUUIDPipe()) trackId: string,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.authorize(principal, trackId);
    const lastEventId = lastEventIdHeader ?? lastEventIdQuery;
    if (lastEventId !== undefined && !isStreamId(lastEventId)) {
      throw new AppException(ErrorCode.ValidationFailed, 'Last-Event-ID must be an id this stream sent.');
    }
    await this.relay(trackId, lastEventId, request, reply);
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
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<MessageDetailDto> {
    return this.chats.getMessage(principal.userId, id);
  }

  private async authorize(principal: Principal, trackId: string): Promise<void> {
    const owner = await this.tracks.ownerOf(trackId);
    if (owner?.userId !== principal.userId) throw new AppException(ErrorCode.NotFound, 'No such stream (it may have expired).');
  }

  /** Follows the track until its last event or until the client leaves (which does not cancel). */
  private async relay(trackId: string, afterId: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const sse = new SseWriter(request, reply);
    try {
      for await (const event of this.streams.follow(trackId, afterId, sse.closed)) {
        sse.send(event);
        if (TERMINAL_EVENTS.has(event.event)) break;
      }
    } finally {
      sse.end();
    }
  }
}
