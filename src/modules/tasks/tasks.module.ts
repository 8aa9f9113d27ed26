import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module';
import { EmailModule } from '../channels/email/email.module';
import { ChatModule } from '../chat/chat.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { FilesModule } from '../files/files.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { MemoryModule } from '../memory/memory.module';
import { PlannerModule } from '../planner/planner.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { RoutingModule } from '../routing/routing.module';
import { WidgetsModule } from '../widgets/widgets.module';
import { CAPABILITY_PROVIDERS } from './capabilities/capability.registry';
import { TextGeneration } from './capabilities/text-generation';
import { ProcessMessageJob } from './jobs/process-message.job';
import { MessagePipeline } from './message-pipeline.service';
import { PlanExecutor } from './plan-executor';
import { PlanProgress } from './plan-progress';
import { WebSearch } from './search/web-search.service';

/** Runs inbound messages through the pipeline (worker side): classify, plan, execute, deliver. */
@Module({
  imports: [AiModule, ChatModule, EmailModule, FeedbackModule, FilesModule, KnowledgeModule, MemoryModule, RoutingModule, PlannerModule, RealtimeModule, WidgetsModule],
  providers: [TextGeneration, WebSearch, ...CAPABILITY_PROVIDERS, PlanExecutor, PlanProgress, MessagePipeline, ProcessMessageJob],
})
export class TasksModule {}
