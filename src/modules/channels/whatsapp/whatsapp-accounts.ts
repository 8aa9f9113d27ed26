import { Injectable, type OnModuleInit } from '@nestjs/common';
import { trimTrailing } from '../../../common/trim-trailing';
import { TtlCache } from '../../../common/ttl-cache';
import { AppConfig } from '../../../config/app-config';
import { ChannelAccountsService, type ChannelAccount } from '../channel-accounts.service';
import { PermanentDeliveryError } from '../channel.types';
import type { GraphTarget } from './graph-api.client';

/**
 * How stale this node's list of active numbers may be for webhooks: a number added on another
 * node signs its first webhooks with its own app secret within this long (Meta retries the ones
 * refused meanwhile). Changes made on this node apply at once.
 */
const ACTIVE_NUMBERS_TTL_MS = 5_000;

/**
 * WhatsApp's view of the channel accounts: the number from WHATSAPP_* variables registered as the
 * environment's account, and per number where its Graph API calls go, with which token, and which
 * app secret signs its webhooks. A stored number brings its own access token; its app secret and
 * verify token default to the environment's (numbers of the platform's own Meta app share them).
 */
@Injectable()
export class WhatsAppAccounts implements OnModuleInit {
  private readonly activeNumbers = new TtlCache<ChannelAccount[]>(ACTIVE_NUMBERS_TTL_MS, 1);

  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.accounts.registerEnvironmentDefault('whatsapp', () => {
      const { phoneNumberId, accessToken, appSecret, verifyToken } = this.config.whatsapp;
      if (!phoneNumberId || !accessToken) return null;
      return {
        address: phoneNumberId,
        name: 'Platform number',
        config: {},
        secrets: { accessToken, ...(appSecret ? { appSecret } : {}), ...(verifyToken ? { verifyToken } : {}) },
      };
    });
  }

  /** Active numbers, the environment's included; at most a few seconds old. */
  active(): Promise<ChannelAccount[]> {
    return this.activeNumbers.get('whatsapp', () => this.accounts.listActive('whatsapp'));
  }

  /** After a number was added, changed or removed on this node. */
  forgetActive(): void {
    this.activeNumbers.invalidate();
  }

  /** The active number Meta calls `phoneNumberId`, if any. */
  async forPhoneNumber(phoneNumberId: string): Promise<ChannelAccount | null> {
    return (await this.active()).find((account) => account.address === phoneNumberId) ?? null;
  }

  /** Every app secret a webhook may be signed with. */
  async signingSecrets(): Promise<string[]> {
    return distinct([this.config.whatsapp.appSecret, ...(await this.active()).map((account) => account.secrets.appSecret)]);
  }

  /** Every verify token the subscription handshake may present. */
  async verifyTokens(): Promise<string[]> {
    return distinct([this.config.whatsapp.verifyToken, ...(await this.active()).map((account) => account.secrets.verifyToken)]);
  }

  /** The app secret that signs this number's webhooks. */
  appSecretOf(account: ChannelAccount): string | null {
    return account.secrets.appSecret || this.config.whatsapp.appSecret || null;
  }

  /** Where this number's Graph API calls go and the token they carry; fails for good without a token. */
  graphTarget(account: ChannelAccount): GraphTarget {
    const accessToken = account.secrets.accessToken;
    if (!accessToken) throw new PermanentDeliveryError(`The WhatsApp number "${account.name}" has no access token: set one in Settings → WhatsApp.`, 'WHATSAPP_NOT_CONFIGURED');
    return { baseUrl: graphUrlOf(account) ?? this.config.whatsapp.graphUrl, accessToken };
  }
}

/** A number's own Graph API base URL (set by an admin, e.g. to a test server), if any. */
export function graphUrlOf(account: Pick<ChannelAccount, 'config'>): string | null {
  const url = account.config.graphUrl;
  return typeof url === 'string' && url !== '' ? trimTrailing(url, '/') : null;
}

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
}
