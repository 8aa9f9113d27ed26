import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http/uuid-param';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import {
  CreateWebhookEndpointDto,
  DeliveryPageQueryDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/**
 * The caller's outbound webhook endpoints and their delivery log (docs/webhooks.md). Sessions, and
 * API keys with the `webhooks` scope: an integration registers its own receiver at deploy time.
 * What endpoints receive is the owner's answers, which any key with `chat` reads already; the
 * scope keeps keys without it from redirecting them.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Webhooks)
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Newest first. Secrets are never listed. */
  @Get('endpoints')
  list(@CurrentPrincipal() principal: Principal): Promise<WebhookEndpointDto[]> {
    return this.webhooks.list(principal.userId);
  }

  /** The answer carries `secret`, shown this once. */
  @Post('endpoints')
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.create(principal.userId, dto);
  }

  @Get('endpoints/:id')
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<WebhookEndpointDto> {
    return this.webhooks.get(principal.userId, id);
  }

  @Patch('endpoints/:id')
  update(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    return this.webhooks.update(principal.userId, id, dto);
  }

  /** With its delivery log. */
  @Delete('endpoints/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    return this.webhooks.delete(principal.userId, id);
  }

  /** A new secret, in effect at once and shown this once; the old one stops working. */
  @Post('endpoints/:id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  rotateSecret(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.rotateSecret(principal.userId, id);
  }

  /** Newest first; `?limit=1..100` (20), `?before=<createdAt of the last one seen>`. */
  @Get('endpoints/:id/deliveries')
  deliveries(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Query() page: DeliveryPageQueryDto): Promise<WebhookDeliveryDto[]> {
    return this.webhooks.listDeliveries(principal.userId, id, page);
  }

  /** Queues a `ping` event to the endpoint. */
  @Post('endpoints/:id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  test(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.sendTest(principal.userId, id);
  }

  /** Queues the delivery's payload again, as a new delivery (`resendOf` names the original). */
  @Post('deliveries/:id/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  resend(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.resend(principal.userId, id);
  }
}
