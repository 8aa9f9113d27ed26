import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProcessLifecycle } from '../../common/lifecycle/process-lifecycle';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import { SseWriter } from '../chat/sse-writer';
import { MetricsService } from '../metrics/metrics.service';
import { ChatCompletionsService, DONE, type ModelList, type StartedCompletion } from './chat-completions.service';
import { ChatCompletionRequestDto } from './dto/chat-completion.dto';
import { OpenAiErrorFilter } from './openai-error.filter';

/**
 * The OpenAI-compatible API (docs/api.md): `/v1/chat/completions` and `/v1/models` at the root,
 * outside `/api/v1`, so OpenAI's SDKs work unchanged with `baseURL: <host>/v1` and an API key
 * (`Authorization: Bearer sk_…`) that carries the `chat` scope. Errors are in OpenAI's shape.
 */
@ApiTags('openai-compatible')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Chat)
@UseFilters(OpenAiErrorFilter)
@Controller('v1')
export class OpenAiCompatController {
  constructor(
    private readonly completions: ChatCompletionsService,
    private readonly lifecycle: ProcessLifecycle,
    private readonly metrics: MetricsService,
  ) {}

  /** The models a request's `model` may name: chat models of the catalogue and `topic:<task prompt>`. */
  @Get('models')
  models(@CurrentPrincipal() principal: Principal): Promise<ModelList> {
    return this.completions.listModels(principal.userId);
  }

  /** One message into a new `api` chat, answered by the pipeline: as JSON, or with `stream: true` as OpenAI's server-sent chunks. */
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ description: 'A `chat.completion`, or with `stream: true` `chat.completion.chunk` frames ending with `data: [DONE]`.' })
  @HttpCode(HttpStatus.OK)
  @Post('chat/completions')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ChatCompletionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const started = await this.completions.start(principal.userId, dto);
    if (dto.stream === true) {
      await this.metrics.whileStreaming(() => this.stream(started, dto.stream_options?.include_usage === true, request, reply));
      return;
    }
    const completion = await this.completions.complete(started, closedSignal(reply));
    // Without it the client has gone; the answer still completes and is kept in the chat.
    if (completion) await reply.send(completion);
  }

  /**
   * SseWriter takes the response over (headers, pings, noticing the client leave), but OpenAI's
   * frames are bare `data:` lines ending with a `[DONE]` that is not JSON, which its `send` does
   * not write: they are written here. A client that leaves stops the reading, not the answer.
   */
  private async stream(started: StartedCompletion, includeUsage: boolean, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // OpenAI's clients cannot resume a stream: it runs to its end even while the node shuts down.
    const sse = new SseWriter(request, reply, { signal: this.lifecycle.closing, endStream: false });
    try {
      for await (const frame of this.completions.chunks(started, includeUsage, sse.closed)) {
        if (sse.closed.aborted) break;
        reply.raw.write(`data: ${frame === DONE ? '[DONE]' : JSON.stringify(frame)}\n\n`);
      }
    } finally {
      sse.end();
    }
  }
}

/** Aborts when the connection closes before the response is sent. */
function closedSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => controller.abort());
  return controller.signal;
}
