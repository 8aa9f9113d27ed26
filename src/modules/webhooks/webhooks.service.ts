import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { randomSecret } from '../../common/crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { checkTargetUrl, SafeFetchError } from '../../infra/http/safe-fetch/target-guard';
import {
  type CreateWebhookEndpointDto,
  type DeliveryPageQueryDto,
  type UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookEndpointDto,
  type WebhookEndpointWithSecretDto,
} from './dto/webhook.dto';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import { PING_EVENT, ping, WEBHOOK_EVENT_TYPES } from './webhook-events';
import { WebhooksRepository } from './webhooks.repository';

/** Endpoints one user may have: each finished turn is sent to every one of them. */
export const MAX_ENDPOINTS_PER_USER = 10;
const SECRET_PREFIX = 'whsec_';
const DEFAULT_DELIVERY_PAGE = 20;

/** The caller's endpoints and their delivery log (docs/webhooks.md). Other users' are NOT_FOUND. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: AppConfig,
  ) {}

  async list(userId: string): Promise<WebhookEndpointDto[]> {
    return (await this.repository.listOwnedEndpoints(userId)).map((endpoint) => WebhookEndpointDto.from(endpoint));
  }

  async get(userId: string, id: string): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.findOwned(userId, id));
  }

  /** The answer carries the new secret: the only time it is shown, with rotation. */
  async create(userId: string, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    if ((await this.repository.countOwnedEndpoints(userId)) >= MAX_ENDPOINTS_PER_USER) {
      throw new AppException(ErrorCode.Conflict, `You have ${MAX_ENDPOINTS_PER_USER} webhook endpoints already; delete one first.`);
    }
    await this.checkUrl(dto.url);
    const now = new Date();
    const endpoint: WebhookEndpoint = {
      id: randomUUID(),
      userId,
      url: dto.url,
      description: dto.description ?? '',
      events: dto.events ?? [...WEBHOOK_EVENT_TYPES],
      secret: newSecret(),
      active: dto.active ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.insertEndpoint(endpoint);
    return { ...WebhookEndpointDto.from(endpoint), secret: endpoint.secret };
  }

  async update(userId: string, id: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    const endpoint = await this.findOwned(userId, id);
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    const changes: Partial<WebhookEndpoint> = {
      ...(dto.url !== undefined ? { url: dto.url } : {}),
      ...(dto.description !== undefined ? { description: dto.description } : {}),
      ...(dto.events !== undefined ? { events: dto.events } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    };
    if (Object.keys(changes).length > 0) await this.repository.updateEndpoint(userId, id, changes);
    return WebhookEndpointDto.from({ ...endpoint, ...changes, updatedAt: new Date() });
  }

  /** Deletes the endpoint and its delivery log; deliveries still queued are dropped. */
  async delete(userId: string, id: string): Promise<void> {
    await this.findOwned(userId, id);
    await this.repository.deleteEndpoint(userId, id);
  }

  /** A new secret at once: deliveries from now on (retries included) are signed with it. */
  async rotateSecret(userId: string, id: string): Promise<WebhookEndpointWithSecretDto> {
    const endpoint = await this.findOwned(userId, id);
    const secret = newSecret();
    await this.repository.updateEndpoint(userId, id, { secret });
    return { ...WebhookEndpointDto.from({ ...endpoint, updatedAt: new Date() }), secret };
  }

  async listDeliveries(userId: string, endpointId: string, page: DeliveryPageQueryDto): Promise<WebhookDeliveryDto[]> {
    await this.findOwned(userId, endpointId);
    const rows = await this.repository.listDeliveries(endpointId, page.limit ?? DEFAULT_DELIVERY_PAGE, page.before ? new Date(page.before) : undefined);
    return rows.map((delivery) => WebhookDeliveryDto.from(delivery));
  }

  /** Sends a delivery's payload again, byte for byte, as a new delivery with attempts of its own. */
  async resend(userId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const original = await this.repository.findOwnedDelivery(userId, deliveryId);
    if (!original) throw new AppException(ErrorCode.NotFound, 'No such webhook delivery.');
    const endpoint = activeOrConflict(await this.findOwned(userId, original.endpointId));
    return WebhookDeliveryDto.from(await this.dispatcher.dispatch(userId, endpoint, original.event, original.payload, original.id));
  }

  /** Sends a `ping` event, whatever the endpoint subscribes to. */
  async sendTest(userId: string, endpointId: string): Promise<WebhookDeliveryDto> {
    const endpoint = activeOrConflict(await this.findOwned(userId, endpointId));
    return WebhookDeliveryDto.from(await this.dispatcher.dispatch(userId, endpoint, PING_EVENT, JSON.stringify(ping(randomUUID(), endpoint.id))));
  }

  private async findOwned(userId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.repository.findOwnedEndpoint(userId, id);
    if (!endpoint) throw new AppException(ErrorCode.NotFound, 'No such webhook endpoint.');
    return endpoint;
  }

  /** Where the URL points now; checked again, as it resolves, before every attempt. */
  private async checkUrl(url: string): Promise<void> {
    try {
      await checkTargetUrl(url, { allowPrivate: this.config.outbound.allowPrivateTargets });
    } catch (error) {
      if (!(error instanceof SafeFetchError)) throw error;
      throw new AppException(error.code === 'URL_INVALID' ? ErrorCode.ValidationFailed : ErrorCode.WebhookTargetRefused, error.message);
    }
  }
}

function newSecret(): string {
  return SECRET_PREFIX + randomSecret(32);
}

function activeOrConflict(endpoint: WebhookEndpoint): WebhookEndpoint {
  if (!endpoint.active) throw new AppException(ErrorCode.Conflict, 'The endpoint is switched off; switch it on to send to it.');
  return endpoint;
}
