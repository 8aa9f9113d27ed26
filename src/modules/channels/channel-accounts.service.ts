import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { isDuplicateKeyError } from '../../common/database-errors';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { TtlCache } from '../../common/ttl-cache';
import type { ChannelAccount as ChannelAccountContract } from '../../contracts/channels';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { ChannelAccountRow } from './channel-account.entity';
import type { ExternalChannel } from './channel.types';

/** A WhatsApp number or a mailbox, stored or configured by environment variables. */
export interface ChannelAccount {
  id: string;
  channel: ExternalChannel;
  ownerUserId: string;
  address: string;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  active: boolean;
  createdAt: Date;
}

/** An account as the API shows it: which secrets are set, never their values. */
export type ChannelAccountView = ChannelAccountContract;

/** What the environment configures for a channel, if anything (read at each use: cheap, and tests change it per app). */
export type EnvironmentDefault = () => Pick<ChannelAccount, 'address' | 'name' | 'config' | 'secrets'> | null;

export interface NewChannelAccount {
  channel: ExternalChannel;
  address: string;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface ChannelAccountChanges {
  name?: string;
  config?: Record<string, unknown>;
  /** Only the secrets given are replaced; an empty string removes one. */
  secrets?: Record<string, string>;
  active?: boolean;
}

/** How many accounts of one channel a user may have. */
const ACCOUNTS_PER_USER = 20;

/**
 * Channel accounts (docs/channels.md). Each channel module brings its own settings and secrets;
 * this keeps them, answers "which account is this message for", and hides secrets from the API.
 */
@Injectable()
export class ChannelAccountsService {
  private readonly environmentDefaults = new Map<ExternalChannel, EnvironmentDefault>();
  private readonly environmentOwner = new TtlCache<User>(60_000, 1);

  constructor(
    @InjectRepository(ChannelAccountRow) private readonly accounts: Repository<ChannelAccountRow>,
    private readonly users: UsersService,
  ) {}

  /** The channel module's account from environment variables; its id is `env:<channel>`, its owner the first admin. */
  registerEnvironmentDefault(channel: ExternalChannel, read: EnvironmentDefault): void {
    this.environmentDefaults.set(channel, read);
  }

  async create(ownerUserId: string, input: NewChannelAccount): Promise<ChannelAccount> {
    if ((await this.accounts.countBy({ ownerUserId, channel: input.channel })) >= ACCOUNTS_PER_USER) {
      throw new AppException(ErrorCode.Conflict, `You can have at most ${ACCOUNTS_PER_USER} ${input.channel} accounts.`);
    }
    const address = normalizeAddress(input.address);
    // The environment's account answers for its address too: a stored one would take it over.
    if ((await this.environmentAccount(input.channel))?.address === address) throw new AppException(ErrorCode.ChannelAccountTaken, `${input.address} is set up already.`);
    const row = this.accounts.create({ ...input, id: randomUUID(), ownerUserId, address, secrets: withoutEmpty(input.secrets), active: true });
    try {
      await this.accounts.save(row);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new AppException(ErrorCode.ChannelAccountTaken, `${input.address} is set up already.`);
      throw error;
    }
    return this.findOwned(ownerUserId, row.id);
  }

  async update(ownerUserId: string, id: string, changes: ChannelAccountChanges): Promise<ChannelAccount> {
    const row = await this.ownedRow(ownerUserId, id);
    await this.accounts.save({
      ...row,
      name: changes.name ?? row.name,
      config: { ...row.config, ...changes.config },
      secrets: withoutEmpty({ ...row.secrets, ...changes.secrets }),
      active: changes.active ?? row.active,
    });
    return this.findOwned(ownerUserId, id);
  }

  async listOwned(ownerUserId: string, channel: ExternalChannel): Promise<ChannelAccount[]> {
    const rows = await this.accounts.find({ where: { ownerUserId, channel }, order: { createdAt: 'ASC' } });
    const environment = await this.environmentAccount(channel);
    return [...(environment?.ownerUserId === ownerUserId ? [environment] : []), ...rows];
  }

  /** The caller's account, or NOT_FOUND (the environment's account is its owner's too, read-only). */
  async findOwned(ownerUserId: string, id: string): Promise<ChannelAccount> {
    const account = await this.get(id);
    if (!account || account.ownerUserId !== ownerUserId) throw new AppException(ErrorCode.NotFound, 'No such channel account.');
    return account;
  }

  async delete(ownerUserId: string, id: string): Promise<void> {
    await this.ownedRow(ownerUserId, id);
    await this.accounts.delete({ id });
  }

  async get(id: string): Promise<ChannelAccount | null> {
    const channel = environmentChannel(id);
    if (channel) return this.environmentAccount(channel);
    return this.accounts.findOneBy({ id });
  }

  /** The account messages to `address` belong to: a stored, active one, else the environment's. */
  async resolve(channel: ExternalChannel, address: string): Promise<ChannelAccount | null> {
    const normalized = normalizeAddress(address);
    const stored = await this.accounts.findOneBy({ channel, address: normalized, active: true });
    if (stored) return stored;
    const environment = await this.environmentAccount(channel);
    return environment?.address === normalized ? environment : null;
  }

  /** Every account of the channel that takes messages (for pollers and signature checks). */
  async listActive(channel: ExternalChannel): Promise<ChannelAccount[]> {
    const [rows, environment] = await Promise.all([this.accounts.findBy({ channel, active: true }), this.environmentAccount(channel)]);
    return environment ? [environment, ...rows] : rows;
  }

  view(account: ChannelAccount): ChannelAccountView {
    return {
      id: account.id,
      channel: account.channel,
      address: account.address,
      name: account.name,
      config: account.config,
      secretsSet: Object.keys(account.secrets).sort(),
      active: account.active,
      fromEnvironment: environmentChannel(account.id) !== null,
      createdAt: account.createdAt.toISOString(),
    };
  }

  private async environmentAccount(channel: ExternalChannel): Promise<ChannelAccount | null> {
    const configured = this.environmentDefaults.get(channel)?.();
    if (!configured) return null;
    const owner = await this.firstAdmin();
    if (!owner) return null;
    return { ...configured, id: `env:${channel}`, channel, ownerUserId: owner.id, address: normalizeAddress(configured.address), active: true, createdAt: owner.createdAt };
  }

  /**
   * The environment's accounts are looked up for every message and delivery on them, and their
   * owner hardly ever changes: kept a minute. "No admin yet" is not kept, so the first one to
   * register owns them at once.
   */
  private firstAdmin(): Promise<User | null> {
    return this.environmentOwner
      .get('first-admin', async () => {
        const admin = await this.users.firstAdmin();
        if (!admin) throw new NoAdminYet();
        return admin;
      })
      .catch((error: unknown) => {
        if (error instanceof NoAdminYet) return null;
        throw error;
      });
  }

  private async ownedRow(ownerUserId: string, id: string): Promise<ChannelAccountRow> {
    if (environmentChannel(id)) throw new AppException(ErrorCode.Conflict, 'This account is configured by environment variables; change them instead.');
    const row = await this.accounts.findOneBy({ id, ownerUserId });
    if (!row) throw new AppException(ErrorCode.NotFound, 'No such channel account.');
    return row;
  }
}

/** A failed load is not cached (TtlCache): how "no admin yet" stays uncached. */
class NoAdminYet extends Error {}

function environmentChannel(id: string): ExternalChannel | null {
  if (id === 'env:whatsapp') return 'whatsapp';
  if (id === 'env:email') return 'email';
  return null;
}

/** Phone number ids are digits; e-mail addresses compare without case. */
function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

function withoutEmpty(secrets: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== ''));
}
