import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { ProcessLifecycle } from '../common/lifecycle/process-lifecycle';
import { DatabaseModule } from '../infra/database/database.module';
import { loggerOptions } from '../infra/logging/logger.options';
import { QueueModule } from '../infra/queue/queue.module';
import { RedisModule } from '../infra/redis/redis.module';
import { StorageModule } from '../infra/storage/storage.module';
import { StreamModule } from '../infra/stream/stream.module';
import { VectorStoreModule } from '../infra/vector-store/vector-store.module';
import { AiModule } from '../modules/ai/ai.module';
import { ApiKeysModule } from '../modules/api-keys/api-keys.module';
import { AuthModule } from '../modules/auth/auth.module';
import { ChannelsModule } from '../modules/channels/channels.module';
import { EmailModule } from '../modules/channels/email/email.module';
import { WhatsAppModule } from '../modules/channels/whatsapp/whatsapp.module';
import { ChatModule } from '../modules/chat/chat.module';
import { FilesModule } from '../modules/files/files.module';
import { HealthModule } from '../modules/health/health.module';
import { KnowledgeModule } from '../modules/knowledge/knowledge.module';
import { MemoryModule } from '../modules/memory/memory.module';
import { MetricsModule } from '../modules/metrics/metrics.module';
import { FeedbackModule } from '../modules/feedback/feedback.module';
import { WidgetKnowledgeModule } from '../modules/knowledge/crawl/widget-knowledge.module';
import { OpenAiCompatModule } from '../modules/openai-compat/openai-compat.module';
import { PlannerModule } from '../modules/planner/planner.module';
import { RealtimeModule } from '../modules/realtime/realtime.module';
import { RoutingModule } from '../modules/routing/routing.module';
import { SettingsModule } from '../modules/settings/settings.module';
import { TasksModule } from '../modules/tasks/tasks.module';
import { UsersModule } from '../modules/users/users.module';
import { WebhooksModule } from '../modules/webhooks/webhooks.module';
import { WidgetsModule } from '../modules/widgets/widgets.module';

/**
 * What every role shares: infrastructure and the feature modules. Roles differ only in what they
 * add on top (HTTP serving, or queue consumers). Global so role modules get ProcessLifecycle.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
    DatabaseModule,
    RedisModule,
    QueueModule,
    StreamModule,
    StorageModule,
    VectorStoreModule,
    MetricsModule,
    UsersModule,
    AuthModule,
    ApiKeysModule,
    HealthModule,
    SettingsModule,
    AiModule,
    FilesModule,
    KnowledgeModule,
    RoutingModule,
    PlannerModule,
    ChatModule,
    MemoryModule,
    FeedbackModule,
    TasksModule,
    RealtimeModule,
    WidgetsModule,
    WidgetKnowledgeModule,
    ChannelsModule,
    EmailModule,
    WhatsAppModule,
    WebhooksModule,
    OpenAiCompatModule,
  ],
  providers: [ProcessLifecycle],
  exports: [ProcessLifecycle],
})
export class CoreModule {}
