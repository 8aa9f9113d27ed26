import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { UuidParam } from '../../common/http/uuid-param';
import { TrackControlService } from '../../infra/stream/track-control.service';
import { AllowQueryToken, CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { channelOf } from './caller-channel';
import { AnswerRelay } from './answer-relay';
import { ChatActionsService } from './chat-actions.service';
import { ChatService } from './chat.service';
import { EditMessageDto, RegenerateDto } from './dto/chat-actions.dto';
import type { MessageDetailDto } from './dto/chat.dto';
import { SendMessageDto, StopStreamDto } from './dto/stream.dto';
import { SendMessageService, type StartedAnswer } from './send-message.service';
import { TrackRegistry } from './track-registry';

@ApiTags('messages')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly chats: ChatService,
    private readonly sender: SendMessageService,
    private readonly tracks: TrackRegistry,
    private readonly relay: AnswerRelay,
    private readonly control: TrackControlService,
    private readonly actions: ChatActionsService,
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
    const { started, stored } = await this.sender.startQueued(principal.userId, dto, channelOf(principal));
    await this.relay.relay(started.trackId, undefined, request, reply, undefined, stored);
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
    await this.authorize(principal, trackId);
    const afterId = await this.relay.resumePoint(trackId, lastEventIdHeader ?? lastEventIdQuery);
    await this.relay.relay(trackId, afterId, request, reply);
  }

  /** Cancels generation; the stream ends with `complete {status:'stopped'}` within a second. */
  @Post('stop')
  @HttpCode(HttpStatus.ACCEPTED)
  async stop(@CurrentPrincipal() principal: Principal, @Body() dto: StopStreamDto): Promise<{ trackId: string }> {
    await this.authorize(principal, dto.trackId);
    await this.control.requestStop(dto.trackId);
    return { trackId: dto.trackId };
  }

  /**
   * Answers the answer's question again (optionally with `modelId`) as a new version, streamed
   * like a sent message; the earlier answer stays as a version (docs/api.md, chat actions).
   */
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The new answer as server-sent events.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @HttpCode(HttpStatus.OK)
  @Post(':id/regenerate')
  async regenerate(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() dto: RegenerateDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.streamStarted(this.actions.regenerate(principal.userId, id, dto), request, reply);
  }

  /** Gives the chat's latest question new text and answers it anew, streamed; its earlier answers stay as versions. */
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The new answer as server-sent events.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @HttpCode(HttpStatus.OK)
  @Post(':id/edit')
  async edit(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() dto: EditMessageDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.streamStarted(this.actions.editAndResend(principal.userId, id, dto), request, reply);
  }

  /** Goes on with an answer cut off at the token limit (or stopped): `chunk` events append to its text. */
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The rest of the answer as server-sent events.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @HttpCode(HttpStatus.OK)
  @Post(':id/continue')
  async continue(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.streamStarted(this.actions.continue(principal.userId, id), request, reply);
  }

  /** One message with its task records and files. */
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<MessageDetailDto> {
    return this.chats.getMessage(principal.userId, id);
  }

  /** Refusals come as JSON errors before the stream opens; after that, everything is an event. */
  private async streamStarted(starting: Promise<StartedAnswer>, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const started = await starting;
    await this.relay.relay(started.trackId, undefined, request, reply);
  }

  private async authorize(principal: Principal, trackId: string): Promise<void> {
    const owner = await this.tracks.ownerOf(trackId);
    if (owner?.userId !== principal.userId) throw new AppException(ErrorCode.NotFound, 'No such stream (it may have expired).');
  }
}
