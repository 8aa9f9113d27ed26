import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '../../../common/http/trim';
import type { NewWebhookEndpoint, WebhookDelivery as WebhookDeliveryContract, WebhookEndpoint as WebhookEndpointContract, WebhookEndpointChange, WebhookEndpointWithSecret } from '../../../contracts/webhooks';
import type { DeliveryStatus, WebhookDelivery } from '../webhook-delivery.entity';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-events';


class EndpointFieldsDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  description?: string;

  /** Defaults to every event. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `events must be among: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  events?: WebhookEventType[];

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** `POST /webhooks/endpoints`. Where the URL may point is checked by the service (docs/webhooks.md). */
export class CreateWebhookEndpointDto extends EndpointFieldsDto implements NewWebhookEndpoint {
  @Trim()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  url!: string;
}

/** `PATCH /webhooks/endpoints/:id`: the fields given change. */
export class UpdateWebhookEndpointDto extends EndpointFieldsDto implements WebhookEndpointChange {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  url?: string;
}

export class WebhookEndpointDto implements WebhookEndpointContract {
  id!: string;
  url!: string;
  description!: string;
  events!: WebhookEventType[];
  active!: boolean;
  createdAt!: string;
  updatedAt!: string;

  static from(endpoint: WebhookEndpoint): WebhookEndpointDto {
    return {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      active: endpoint.active,
      createdAt: endpoint.createdAt.toISOString(),
      updatedAt: endpoint.updatedAt.toISOString(),
    };
  }
}

/** Answered at creation and rotation only: the one time the secret leaves the server. */
export class WebhookEndpointWithSecretDto extends WebhookEndpointDto implements WebhookEndpointWithSecret {
  /** `whsec_…`: verify signatures with it (docs/webhooks.md). */
  secret!: string;
}

export class DeliveryPageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** ISO time: deliveries created before it (the `createdAt` of the last one seen). */
  @IsOptional()
  @IsDateString()
  before?: string;
}

export class WebhookDeliveryDto implements WebhookDeliveryContract {
  /** Sent as X-Switchboard-Delivery. */
  id!: string;
  endpointId!: string;
  event!: string;
  status!: DeliveryStatus;
  attempts!: number;
  /** The last attempt's HTTP status; null without a response. */
  responseStatus!: number | null;
  /** The start of the last response's body (at most 500 bytes). */
  response!: string | null;
  error!: string | null;
  /** The delivery this one sends again. */
  resendOf!: string | null;
  createdAt!: string;
  lastAttemptAt!: string | null;
  deliveredAt!: string | null;

  static from(delivery: WebhookDelivery): WebhookDeliveryDto {
    return {
      id: delivery.id,
      endpointId: delivery.endpointId,
      event: delivery.event,
      status: delivery.status,
      attempts: delivery.attempts,
      responseStatus: delivery.responseStatus,
      response: delivery.responseExcerpt,
      error: delivery.error,
      resendOf: delivery.resendOf,
      createdAt: delivery.createdAt.toISOString(),
      lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    };
  }
}
