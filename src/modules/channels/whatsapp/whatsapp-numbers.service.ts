import { Injectable } from '@nestjs/common';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { AppConfig } from '../../../config/app-config';
import { isAdmin, type Principal } from '../../auth/principal';
import { ChannelAccountsService, type ChannelAccountView } from '../channel-accounts.service';
import type { CreateWhatsAppNumberDto, UpdateWhatsAppNumberDto, WhatsAppTestResultDto } from './dto/whatsapp-number.dto';
import { failureText } from './failure-text';
import { GraphApiError, WhatsAppGraphClient, type GraphTarget } from './graph-api.client';
import { graphUrlOf, WhatsAppAccounts } from './whatsapp-accounts';

/**
 * The caller's WhatsApp numbers (Settings → WhatsApp): channel accounts whose address is the
 * Cloud API phone number id. A number's access token is checked with WhatsApp when it is set, so
 * nobody takes in another business's number, and a test message shows that sending works.
 */
@Injectable()
export class WhatsAppNumbersService {
  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly whatsapp: WhatsAppAccounts,
    private readonly graph: WhatsAppGraphClient,
    private readonly config: AppConfig,
  ) {}

  async list(userId: string): Promise<ChannelAccountView[]> {
    return (await this.accounts.listOwned(userId, 'whatsapp')).map((account) => this.accounts.view(account));
  }

  async create(principal: Principal, dto: CreateWhatsAppNumberDto): Promise<ChannelAccountView> {
    const graphUrl = dto.config?.graphUrl ?? null;
    if (graphUrl !== null) await this.requireAdmin(principal);
    if (dto.phoneNumberId === this.config.whatsapp.phoneNumberId) {
      throw new AppException(ErrorCode.ChannelAccountTaken, 'This number is set up by environment variables (WHATSAPP_PHONE_NUMBER_ID) already.');
    }
    const details = await this.check({ baseUrl: graphUrl ?? this.config.whatsapp.graphUrl, accessToken: dto.secrets.accessToken }, dto.phoneNumberId);
    const account = await this.accounts.create(principal.userId, {
      channel: 'whatsapp',
      address: dto.phoneNumberId,
      name: dto.name,
      config: { ...(graphUrl !== null ? { graphUrl } : {}), ...details },
      secrets: definedOnly({ ...dto.secrets }),
    });
    this.whatsapp.forgetActive();
    return this.accounts.view(account);
  }

  async update(principal: Principal, id: string, dto: UpdateWhatsAppNumberDto): Promise<ChannelAccountView> {
    const graphUrl = dto.config?.graphUrl;
    if (graphUrl !== undefined) await this.requireAdmin(principal);
    const current = await this.accounts.findOwned(principal.userId, id);
    const accessToken = dto.secrets?.accessToken;
    // A new token, or a new place to send it, is checked with WhatsApp like the first one.
    const details =
      accessToken !== undefined || graphUrl !== undefined
        ? await this.check({ baseUrl: (graphUrl === undefined ? graphUrlOf(current) : graphUrl) ?? this.config.whatsapp.graphUrl, accessToken: accessToken ?? current.secrets.accessToken ?? '' }, current.address)
        : {};
    const account = await this.accounts.update(principal.userId, id, {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(graphUrl !== undefined || Object.keys(details).length > 0 ? { config: { ...(graphUrl !== undefined ? { graphUrl } : {}), ...details } } : {}),
      ...(dto.secrets !== undefined ? { secrets: definedOnly({ ...dto.secrets }) } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    });
    this.whatsapp.forgetActive();
    return this.accounts.view(account);
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.accounts.delete(userId, id);
    this.whatsapp.forgetActive();
  }

  /** Sends a short text from the number to `to`; says in words whether it went out, or what WhatsApp answered. */
  async test(userId: string, id: string, to: string): Promise<WhatsAppTestResultDto> {
    const account = await this.accounts.findOwned(userId, id);
    const recipient = digitsOf(to);
    try {
      const messageId = await this.graph.sendMessage(this.whatsapp.graphTarget(account), account.address, {
        to: recipient,
        type: 'text',
        text: { body: `This is a test message from the WhatsApp number "${account.name}" on Switchboard. If you can read it, sending works.` },
      });
      return { ok: true, message: `WhatsApp accepted a test message to +${recipient}.`, messageId };
    } catch (error) {
      return { ok: false, message: `The test message to +${recipient} was not sent. ${failureText(error)}`, messageId: null };
    }
  }

  /** Whether the token may use the number: WhatsApp's own name and display number for it, or a clear refusal. */
  private async check(target: GraphTarget, phoneNumberId: string): Promise<Record<string, unknown>> {
    try {
      const { displayPhoneNumber, verifiedName } = await this.graph.phoneNumber(target, phoneNumberId);
      return { displayPhoneNumber, verifiedName };
    } catch (error) {
      if (error instanceof GraphApiError && error.permanent) {
        throw new AppException(ErrorCode.ValidationFailed, `secrets.accessToken: WhatsApp did not let this token use phone number id ${phoneNumberId}. ${error.message}`);
      }
      throw new AppException(ErrorCode.ServiceUnavailable, `WhatsApp could not be reached to check the number: ${failureText(error)} Try again in a moment.`);
    }
  }

  private async requireAdmin(principal: Principal): Promise<void> {
    if (!(await isAdmin(principal))) throw new AppException(ErrorCode.Forbidden, "Only an admin may set config.graphUrl: the number's access token is sent there.");
  }
}

function digitsOf(phone: string): string {
  let digits = '';
  for (const char of phone) if (char >= '0' && char <= '9') digits += char;
  return digits;
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
