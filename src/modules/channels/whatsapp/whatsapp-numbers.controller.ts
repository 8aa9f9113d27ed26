import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, SessionOnly } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { ChannelAccountIdPipe } from '../channel-account-id.pipe';
import type { ChannelAccountView } from '../channel-accounts.service';
import { CreateWhatsAppNumberDto, TestWhatsAppNumberDto, UpdateWhatsAppNumberDto, WhatsAppTestResultDto } from './dto/whatsapp-number.dto';
import { WhatsAppNumbersService } from './whatsapp-numbers.service';

const numberIdPipe = new ChannelAccountIdPipe('whatsapp');

/**
 * The caller's WhatsApp numbers (docs/channels.md#whatsapp). Their access tokens are among the
 * settings and a test message goes out in the business's name, so only a signed-in person
 * manages them, never an API key.
 */
@ApiTags('channels')
@ApiBearerAuth()
@SessionOnly()
@Controller('channels/whatsapp/numbers')
export class WhatsAppNumbersController {
  constructor(private readonly numbers: WhatsAppNumbersService) {}

  /** The environment's number first (for its owner, read-only), then the caller's, oldest first. */
  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<ChannelAccountView[]> {
    return this.numbers.list(principal.userId);
  }

  /** Checks the access token with WhatsApp first: a token that may not use the number is refused. */
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWhatsAppNumberDto): Promise<ChannelAccountView> {
    return this.numbers.create(principal, dto);
  }

  /** The fields given change; secrets likewise ("" removes the app secret or verify token). */
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', numberIdPipe) id: string, @Body() dto: UpdateWhatsAppNumberDto): Promise<ChannelAccountView> {
    return this.numbers.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @Param('id', numberIdPipe) id: string): Promise<void> {
    return this.numbers.delete(principal.userId, id);
  }

  /** Sends a short text to `to`; 200 either way, with what happened in words. */
  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  test(@CurrentPrincipal() principal: Principal, @Param('id', numberIdPipe) id: string, @Body() dto: TestWhatsAppNumberDto): Promise<WhatsAppTestResultDto> {
    return this.numbers.test(principal.userId, id, dto.to);
  }
}
