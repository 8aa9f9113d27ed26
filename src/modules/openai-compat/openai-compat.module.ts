import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module';
import { ChatModule } from '../chat/chat.module';
import { RoutingModule } from '../routing/routing.module';
import { ChatCompletionsService } from './chat-completions.service';
import { OpenAiCompatController } from './openai-compat.controller';

/** The OpenAI-compatible API (`/v1/chat/completions`, `/v1/models`, docs/api.md): one more way into the chat pipeline. */
@Module({
  imports: [ChatModule, RoutingModule, AiModule],
  controllers: [OpenAiCompatController],
  providers: [ChatCompletionsService],
})
export class OpenAiCompatModule {}
