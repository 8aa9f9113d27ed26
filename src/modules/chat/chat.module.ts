import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../ai/ai.module';
import { FilesModule } from '../files/files.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { AnswerDeliveries } from './answer-deliveries';
import { AnswerRecorder } from './answer-recorder.service';
import { AnswerRelay } from './answer-relay';
import { AnswerStream } from './answer-stream';
import { Chat } from './chat.entity';
import { ChatActionsService } from './chat-actions.service';
import { ChatService } from './chat.service';
import { ChatsController } from './chats.controller';
import { ChatsRepository } from './chats.repository';
import { ConversationContextService } from './conversation-context.service';
import { GenerationSlots } from './generation-slots.service';
import { RefreshSummaryJob } from './jobs/refresh-summary.job';
import { Message } from './message.entity';
import { MessageTask } from './message-task.entity';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { SendMessageService } from './send-message.service';
import { TrackRegistry } from './track-registry';

@Module({
  imports: [TypeOrmModule.forFeature([Chat, Message, MessageTask]), FilesModule, AiModule, RealtimeModule],
  controllers: [ChatsController, MessagesController],
  providers: [
    ChatsRepository,
    MessagesRepository,
    ChatService,
    SendMessageService,
    ChatActionsService,
    TrackRegistry,
    AnswerStream,
    AnswerRecorder,
    AnswerRelay,
    AnswerDeliveries,
    ConversationContextService,
    GenerationSlots,
    RefreshSummaryJob,
  ],
  exports: [ChatService, SendMessageService, AnswerRecorder, AnswerStream, AnswerRelay, AnswerDeliveries, ConversationContextService, GenerationSlots, TrackRegistry],
})
export class ChatModule {}
