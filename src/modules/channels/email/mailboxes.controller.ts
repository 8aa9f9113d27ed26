import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, SessionOnly } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { ChannelAccountIdPipe } from '../channel-account-id.pipe';
import type { ChannelAccountView } from '../channel-accounts.service';
import { CreateMailboxDto, MailboxTestResultDto, TestMailboxDto, UpdateMailboxDto } from './dto/mailbox.dto';
import { MailboxesService } from './mailboxes.service';

const mailboxIdPipe = new ChannelAccountIdPipe('email');

/**
 * The caller's mailboxes (docs/channels.md#email). Passwords are among the settings, so only a
 * signed-in person manages them, never an API key.
 */
@ApiTags('channels')
@ApiBearerAuth()
@SessionOnly()
@Controller('channels/email/mailboxes')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxesService) {}

  /** The environment's mailbox first (for its owner, read-only), then the caller's, oldest first. */
  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<ChannelAccountView[]> {
    return this.mailboxes.list(principal.userId);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateMailboxDto): Promise<ChannelAccountView> {
    return this.mailboxes.create(principal.userId, dto);
  }

  /** Config keys given replace the stored ones (null removes one); secrets likewise ("" removes one). */
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', mailboxIdPipe) id: string, @Body() dto: UpdateMailboxDto): Promise<ChannelAccountView> {
    return this.mailboxes.update(principal.userId, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @Param('id', mailboxIdPipe) id: string): Promise<void> {
    return this.mailboxes.delete(principal.userId, id);
  }

  /** Sends a test mail to `to` and logs in to the IMAP server; 200 either way, with what happened in words. */
  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  test(@CurrentPrincipal() principal: Principal, @Param('id', mailboxIdPipe) id: string, @Body() dto: TestMailboxDto): Promise<MailboxTestResultDto> {
    return this.mailboxes.test(principal.userId, id, dto.to);
  }
}
