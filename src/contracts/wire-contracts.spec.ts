/**
 * The wire contracts against what the server really sends and accepts. `implements` on a DTO only
 * catches a field the DTO lacks or types differently; these checks go both ways, so a field added to
 * a DTO but not to its contract (which clients would never see typed) fails as well. They are
 * type-level: `tsc -p tsconfig.json --noEmit` (part of `npm run lint`) fails on a drift, and
 * vitest runs the file as an ordinary spec. The client's side is checked by
 * client/src/api/contracts.spec.ts.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { ErrorCode as ServerErrorCode } from '../common/errors/error-code';
import type { WEB_SEARCH_PROVIDERS } from '../config/env.schema';
import type { ModelCapability as ServerModelCapability } from '../modules/ai/ai.types';
import type { ModelBindingsDto, ModelDto, ModelSettingsDto } from '../modules/ai/dto/model.dto';
import type { CreateApiKeyDto, CreatedApiKeyDto } from '../modules/api-keys/dto/api-key.dto';
import type { LoginDto, RegisterDto, SessionDto } from '../modules/auth/dto/auth.dto';
import type { ApiScope as ServerApiScope } from '../modules/auth/principal';
import type { EditMessageDto, RegenerateDto } from '../modules/chat/dto/chat-actions.dto';
import type { ChannelAccountView } from '../modules/channels/channel-accounts.service';
import type { ExternalChannel as ServerExternalChannel } from '../modules/channels/channel.types';
import type { CreateMailboxDto, MailboxTestResultDto, UpdateMailboxDto } from '../modules/channels/email/dto/mailbox.dto';
import type { CreateWhatsAppNumberDto, UpdateWhatsAppNumberDto, WhatsAppTestResultDto } from '../modules/channels/whatsapp/dto/whatsapp-number.dto';
import type { ChatDto, MessageDetailDto, MessageDto, TaskRecordDto } from '../modules/chat/dto/chat.dto';
import type { SendMessageDto } from '../modules/chat/dto/stream.dto';
import type { FeedbackDto, GiveFeedbackDto } from '../modules/feedback/dto/feedback.dto';
import type { FEEDBACK_KINDS } from '../modules/feedback/feedback.entity';
import type { FileDto } from '../modules/files/dto/file.dto';
import type { WidgetSourceDto } from '../modules/knowledge/crawl/dto/widget-source.dto';
import type { CreateMemoryDto, MemoryDto } from '../modules/memory/dto/memory.dto';
import type { QueueDashboardSessionDto } from '../modules/metrics/queue-dashboard/queue-dashboard.dto';
import type { MEMORY_CATEGORIES } from '../modules/memory/memory.entity';
import type { TASK_CAPABILITIES } from '../modules/planner/plan';
import type { RealtimeConnectionDto, SubscriptionTokenDto } from '../modules/realtime/dto/realtime.dto';
import type { RoutingSettingsDto, UpdateRoutingSettingsDto } from '../modules/routing/dto/routing-settings.dto';
import type { CreateTaskPromptDto, TaskPromptDto, UpdateTaskPromptDto } from '../modules/routing/dto/task-prompt.dto';
import type { UserRole as ServerUserRole } from '../modules/users/user.entity';
import type { TranscriptDto, VisitorMessageDto, VisitorTranscriptDto, WidgetMessageDto, WidgetSessionDto } from '../modules/widgets/dto/live-support.dto';
import type { PublicWidgetConfigDto } from '../modules/widgets/dto/public-widget.dto';
import type { VisitorFileDto } from '../modules/widgets/dto/visitor-file.dto';
import type { CreateWebhookEndpointDto, UpdateWebhookEndpointDto, WebhookDeliveryDto, WebhookEndpointWithSecretDto } from '../modules/webhooks/dto/webhook.dto';
import type { WEBHOOK_EVENT_TYPES } from '../modules/webhooks/webhook-events';
import type { CreateWidgetDto, WidgetDto } from '../modules/widgets/dto/widget.dto';
import type { ApiScope, AuthSession, CreatedApiKey, Credentials, NewApiKey, Registration, UserRole } from './auth';
import type { ChannelAccount, ExternalChannel, MailboxChange, MailboxTestResult, NewMailbox, NewWhatsAppNumber, WhatsAppNumberChange, WhatsAppTestResult } from './channels';
import type { Chat, EditMessageRequest, Message, MessageDetail, RegenerateRequest, SendMessageRequest, TaskCapability, TaskRecord } from './chat';
import type { ErrorCode } from './errors';
import type { Feedback, FeedbackInput, FeedbackKind } from './feedback';
import type { StoredFile } from './files';
import type { Memory, MemoryCategory, MemoryFields } from './memories';
import type { CapabilityBindings, Model, ModelCapability, ModelSettings } from './models';
import type { QueueDashboardSession } from './operations';
import type { RealtimeConnection, RealtimeSubscription } from './realtime';
import type { NewTaskPrompt, RoutingSettings, RoutingSettingsChange, TaskPrompt, TaskPromptChange, WebSearchProviderName } from './routing';
import type { NewWebhookEndpoint, WebhookDelivery, WebhookEndpointChange, WebhookEndpointWithSecret, WebhookEventType } from './webhooks';
import type { PublicWidgetConfig, SessionTranscript, VisitorFile, VisitorMessageRequest, VisitorTranscript, Widget, WidgetFields, WidgetMessage, WidgetSession, WidgetSource } from './widgets';

describe('wire contracts', () => {
  it('are exactly the shapes the chat DTOs send', () => {
    expectTypeOf<ChatDto>().toEqualTypeOf<Chat>();
    expectTypeOf<MessageDto>().toEqualTypeOf<Message>();
    expectTypeOf<TaskRecordDto>().toEqualTypeOf<TaskRecord>();
    expectTypeOf<MessageDetailDto>().toEqualTypeOf<MessageDetail>();
  });

  it('are exactly the bodies the chat endpoints accept', () => {
    expectTypeOf<SendMessageDto>().toEqualTypeOf<SendMessageRequest>();
    expectTypeOf<RegenerateDto>().toEqualTypeOf<RegenerateRequest>();
    expectTypeOf<EditMessageDto>().toEqualTypeOf<EditMessageRequest>();
  });

  it('name every capability the planner may use', () => {
    expectTypeOf<(typeof TASK_CAPABILITIES)[number]>().toEqualTypeOf<TaskCapability>();
  });

  it('are exactly the shapes of files and memories', () => {
    expectTypeOf<FileDto>().toEqualTypeOf<StoredFile>();
    expectTypeOf<MemoryDto>().toEqualTypeOf<Memory>();
    expectTypeOf<CreateMemoryDto>().toEqualTypeOf<MemoryFields>();
    expectTypeOf<(typeof MEMORY_CATEGORIES)[number]>().toEqualTypeOf<MemoryCategory>();
  });

  it('are exactly the shapes of widgets and live support', () => {
    expectTypeOf<WidgetDto>().toEqualTypeOf<Widget>();
    expectTypeOf<CreateWidgetDto>().toEqualTypeOf<WidgetFields>();
    expectTypeOf<WidgetSessionDto>().toEqualTypeOf<WidgetSession>();
    expectTypeOf<WidgetMessageDto>().toEqualTypeOf<WidgetMessage>();
    expectTypeOf<TranscriptDto>().toEqualTypeOf<SessionTranscript>();
    expectTypeOf<VisitorTranscriptDto>().toEqualTypeOf<VisitorTranscript>();
    expectTypeOf<VisitorMessageDto>().toEqualTypeOf<VisitorMessageRequest>();
    expectTypeOf<PublicWidgetConfigDto>().toEqualTypeOf<PublicWidgetConfig>();
    expectTypeOf<VisitorFileDto>().toEqualTypeOf<VisitorFile>();
    expectTypeOf<WidgetSourceDto>().toEqualTypeOf<WidgetSource>();
  });

  it('are exactly the shapes of accounts, keys, feedback and models', () => {
    // The server keeps enums (persisted values, runtime lists); a template literal type is the union of their values.
    expectTypeOf<`${ServerUserRole}`>().toEqualTypeOf<UserRole>();
    expectTypeOf<`${ServerApiScope}`>().toEqualTypeOf<ApiScope>();
    expectTypeOf<`${ServerModelCapability}`>().toEqualTypeOf<ModelCapability>();
    expectTypeOf<(typeof FEEDBACK_KINDS)[number]>().toEqualTypeOf<FeedbackKind>();
    // With those equal, a DTO that matches its contract and has the same fields is the same shape.
    expectTypeOf<SessionDto>().toExtend<AuthSession>();
    expectTypeOf<keyof SessionDto>().toEqualTypeOf<keyof AuthSession>();
    expectTypeOf<keyof SessionDto['user']>().toEqualTypeOf<keyof AuthSession['user']>();
    expectTypeOf<LoginDto>().toEqualTypeOf<Credentials>();
    expectTypeOf<RegisterDto>().toEqualTypeOf<Registration>();
    expectTypeOf<CreatedApiKeyDto>().toExtend<CreatedApiKey>();
    expectTypeOf<keyof CreatedApiKeyDto>().toEqualTypeOf<keyof CreatedApiKey>();
    expectTypeOf<CreateApiKeyDto>().toExtend<NewApiKey>();
    expectTypeOf<keyof CreateApiKeyDto>().toEqualTypeOf<keyof NewApiKey>();
    expectTypeOf<FeedbackDto>().toEqualTypeOf<Feedback>();
    expectTypeOf<GiveFeedbackDto>().toEqualTypeOf<FeedbackInput>();
    expectTypeOf<ModelDto>().toExtend<Model>();
    expectTypeOf<keyof ModelDto>().toEqualTypeOf<keyof Model>();
    expectTypeOf<ModelSettingsDto>().toExtend<ModelSettings>();
    expectTypeOf<keyof ModelBindingsDto>().toEqualTypeOf<keyof CapabilityBindings>();
  });

  it('are exactly the shapes of task prompts and routing settings', () => {
    expectTypeOf<(typeof WEB_SEARCH_PROVIDERS)[number]>().toEqualTypeOf<WebSearchProviderName>();
    expectTypeOf<TaskPromptDto>().toEqualTypeOf<TaskPrompt>();
    expectTypeOf<CreateTaskPromptDto>().toEqualTypeOf<NewTaskPrompt>();
    expectTypeOf<UpdateTaskPromptDto>().toEqualTypeOf<TaskPromptChange>();
    expectTypeOf<RoutingSettingsDto>().toEqualTypeOf<RoutingSettings>();
    expectTypeOf<UpdateRoutingSettingsDto>().toEqualTypeOf<RoutingSettingsChange>();
  });

  it('are exactly the realtime tokens', () => {
    expectTypeOf<RealtimeConnectionDto>().toEqualTypeOf<RealtimeConnection>();
    expectTypeOf<SubscriptionTokenDto>().toEqualTypeOf<RealtimeSubscription>();
  });

  it('are exactly the shapes of webhook endpoints and deliveries', () => {
    expectTypeOf<(typeof WEBHOOK_EVENT_TYPES)[number]>().toEqualTypeOf<WebhookEventType>();
    expectTypeOf<WebhookEndpointWithSecretDto>().toEqualTypeOf<WebhookEndpointWithSecret>();
    expectTypeOf<CreateWebhookEndpointDto>().toEqualTypeOf<NewWebhookEndpoint>();
    expectTypeOf<UpdateWebhookEndpointDto>().toEqualTypeOf<WebhookEndpointChange>();
    expectTypeOf<WebhookDeliveryDto>().toEqualTypeOf<WebhookDelivery>();
  });

  it('are the shapes of channel accounts', () => {
    expectTypeOf<ServerExternalChannel>().toEqualTypeOf<ExternalChannel>();
    expectTypeOf<ChannelAccountView>().toEqualTypeOf<ChannelAccount>();
    expectTypeOf<MailboxTestResultDto>().toEqualTypeOf<MailboxTestResult>();
    expectTypeOf<WhatsAppTestResultDto>().toEqualTypeOf<WhatsAppTestResult>();
    // The bodies' settings are validated without null in their types (null passes @IsOptional and removes a key):
    // every field the server takes is in the contract, and the contract names no field the server refuses.
    expectTypeOf<CreateMailboxDto>().toExtend<NewMailbox>();
    expectTypeOf<keyof CreateMailboxDto>().toEqualTypeOf<keyof NewMailbox>();
    expectTypeOf<keyof NonNullable<CreateMailboxDto['config']>>().toEqualTypeOf<keyof NonNullable<NewMailbox['config']>>();
    expectTypeOf<UpdateMailboxDto>().toExtend<MailboxChange>();
    expectTypeOf<keyof UpdateMailboxDto>().toEqualTypeOf<keyof MailboxChange>();
    expectTypeOf<CreateWhatsAppNumberDto>().toExtend<NewWhatsAppNumber>();
    expectTypeOf<keyof CreateWhatsAppNumberDto>().toEqualTypeOf<keyof NewWhatsAppNumber>();
    expectTypeOf<UpdateWhatsAppNumberDto>().toExtend<WhatsAppNumberChange>();
    expectTypeOf<keyof UpdateWhatsAppNumberDto>().toEqualTypeOf<keyof WhatsAppNumberChange>();
  });

  it('are exactly the shape of the queue dashboard session', () => {
    expectTypeOf<QueueDashboardSessionDto>().toEqualTypeOf<QueueDashboardSession>();
  });

  it('name every error code the server answers with', () => {
    expectTypeOf<`${ServerErrorCode}`>().toEqualTypeOf<ErrorCode>();
  });
});
