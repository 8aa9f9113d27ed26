import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A Redis (or Sentinel) server's address. */
export interface RedisNodeAddress {
  host: string;
  port: number;
}

/** Credentials for the data nodes (master, replicas or cluster nodes): Redis 6 ACL user and/or password. */
export interface RedisCredentials {
  username?: string;
  password?: string;
}

/**
 * Which kind of Redis REDIS_URL names (README, "Redis modes"):
 * - standalone: `redis://` or `rediss://`, handed to ioredis as it is;
 * - sentinel: `redis+sentinel://[[user]:password@]host:port[,host:port…]/<master name>[/<db>][?sentinelPassword=…]`;
 * - cluster: `redis+cluster://[[user]:password@]host:port[,host:port…]` (Redis Cluster has only DB 0).
 * The `rediss+…` forms speak TLS to every node (and, for Sentinel, to the sentinels too).
 */
export type RedisTopology =
  | { mode: 'standalone'; url: string }
  | ({ mode: 'sentinel'; sentinels: RedisNodeAddress[]; masterName: string; db: number; tls: boolean; sentinelPassword?: string } & RedisCredentials)
  | ({ mode: 'cluster'; nodes: RedisNodeAddress[]; tls: boolean } & RedisCredentials);

export class RedisUrlError extends Error {}

/** Longer than any real URL; the parser below is linear anyway, this bounds the work and the message. */
const MAX_URL_LENGTH = 2048;
const MAX_NODES = 32;
const DEFAULT_PORT = { sentinel: 26379, cluster: 6379 } as const;
/** Sentinel master names are configuration identifiers, not free text. */
const MASTER_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const HOSTNAME = /^[A-Za-z0-9.-]{1,253}$/;
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;
const DIGITS = /^\d{1,5}$/;
const SCHEME = /^(rediss?)(?:\+(sentinel|cluster))?:\/\//;

/** REDIS_URL parsed by plain string splitting (no URL class: it cannot read a host list); throws RedisUrlError saying what is wrong. */
export function parseRedisUrl(url: string): RedisTopology {
  if (url.length > MAX_URL_LENGTH) throw new RedisUrlError(`REDIS_URL is longer than ${MAX_URL_LENGTH} characters`);
  const scheme = SCHEME.exec(url);
  if (!scheme) throw new RedisUrlError('REDIS_URL must start with redis://, rediss://, redis+sentinel://, rediss+sentinel://, redis+cluster:// or rediss+cluster://');
  const [prefix, transport, mode] = scheme;
  if (mode === undefined) {
    if (url.length === prefix.length) throw new RedisUrlError('REDIS_URL names no host');
    return { mode: 'standalone', url };
  }
  const tls = transport === 'rediss';
  const [withoutQuery, query = ''] = splitOnce(url.slice(prefix.length), '?');
  if (withoutQuery.includes('#')) throw new RedisUrlError('REDIS_URL must not have a #fragment');
  const [authority, path = ''] = splitOnce(withoutQuery, '/');
  const at = authority.lastIndexOf('@');
  const credentials = at < 0 ? {} : parseCredentials(authority.slice(0, at));
  const nodes = parseNodes(authority.slice(at + 1), DEFAULT_PORT[mode as keyof typeof DEFAULT_PORT]);
  const options = new URLSearchParams(query);
  if (mode === 'cluster') {
    if (path !== '' && path !== '0') throw new RedisUrlError('REDIS_URL: Redis Cluster has only database 0; a redis+cluster:// URL takes no path but /0');
    if (query !== '') throw new RedisUrlError('REDIS_URL: a redis+cluster:// URL takes no ?options');
    return { mode: 'cluster', nodes, tls, ...credentials };
  }
  const [masterName, db = '0', extra] = path.split('/');
  if (!MASTER_NAME.test(masterName)) throw new RedisUrlError('REDIS_URL: a redis+sentinel:// URL needs the master name as its path (1-64 of [A-Za-z0-9._-]), e.g. /mymaster');
  if (extra !== undefined || !/^\d{1,2}$/.test(db) || Number(db) > 15) throw new RedisUrlError('REDIS_URL: after the master name only a database number 0-15 may follow');
  for (const name of options.keys()) {
    if (name !== 'sentinelPassword') throw new RedisUrlError(`REDIS_URL: unknown option ${name.slice(0, 40)} (a redis+sentinel:// URL takes only ?sentinelPassword=)`);
  }
  const sentinelPassword = options.get('sentinelPassword') ?? undefined;
  return { mode: 'sentinel', sentinels: nodes, masterName, db: Number(db), tls, ...credentials, ...(sentinelPassword ? { sentinelPassword } : {}) };
}

/** class-validator: REDIS_URL must be one of the forms parseRedisUrl reads; the message says what is wrong. */
export function IsRedisUrl(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    let problem = 'REDIS_URL is not a Redis URL';
    registerDecorator({
      name: 'isRedisUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            parseRedisUrl(value);
            return true;
          } catch (error) {
            problem = error instanceof RedisUrlError ? error.message : problem;
            return false;
          }
        },
        defaultMessage: () => problem,
      },
    });
  };
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function parseCredentials(userinfo: string): RedisCredentials {
  const [username, password] = splitOnce(userinfo, ':').map((part) => (part === undefined ? undefined : decode(part)));
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new RedisUrlError('REDIS_URL: the user or password has a broken %-escape');
  }
}

function parseNodes(list: string, defaultPort: number): RedisNodeAddress[] {
  const entries = list.split(',');
  if (list === '' || entries.length > MAX_NODES) throw new RedisUrlError(`REDIS_URL must list 1-${MAX_NODES} host:port pairs, separated by commas`);
  return entries.map((entry) => {
    const colon = entry.lastIndexOf(':');
    const hasPort = colon > entry.lastIndexOf(']');
    const host = hasPort ? entry.slice(0, colon) : entry;
    const port = hasPort ? entry.slice(colon + 1) : String(defaultPort);
    if (!HOSTNAME.test(host) && !IPV6.test(host)) throw new RedisUrlError(`REDIS_URL: "${entry.slice(0, 80)}" is not a host name, IPv4 or [IPv6] address`);
    if (!DIGITS.test(port) || Number(port) < 1 || Number(port) > 65535) throw new RedisUrlError(`REDIS_URL: "${entry.slice(0, 80)}" has no valid port (1-65535)`);
    return { host: IPV6.test(host) ? host.slice(1, -1) : host, port: Number(port) };
  });
}
