import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels.module';
import { WhatsAppGraphClient } from './graph-api.client';
import { WhatsAppInboundJob } from './jobs/whatsapp-inbound.job';
import { WhatsAppAccounts } from './whatsapp-accounts';
import { WhatsAppNumbersController } from './whatsapp-numbers.controller';
import { WhatsAppNumbersService } from './whatsapp-numbers.service';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';
import { WhatsAppAdapter } from './whatsapp.adapter';

/**
 * The WhatsApp channel on Meta's Cloud API (docs/channels.md#whatsapp): a signed webhook whose
 * events a worker takes in, answers sent through the Graph API by the adapter the channels core
 * calls, and the owners' numbers (Settings → WhatsApp). Loaded by every role: the worker takes
 * messages in and delivers answers, the web role serves the webhook and the settings. The
 * webhook's signature is checked before parsing, by the Fastify hook configureHttp installs
 * (useWhatsAppWebhookSignatures).
 */
@Module({
  imports: [ChannelsModule],
  controllers: [WhatsAppWebhookController, WhatsAppNumbersController],
  providers: [WhatsAppAccounts, WhatsAppGraphClient, WhatsAppAdapter, WhatsAppInboundJob, WhatsAppNumbersService],
})
export class WhatsAppModule {}
