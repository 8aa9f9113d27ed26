import { plainToInstance } from 'class-transformer';
import { trimTrailing } from '../common/trim-trailing';
import { validateSync, type ValidationError } from 'class-validator';
import { parseRedisUrl, type RedisTopology } from './redis-url';
import {
  EnvironmentVariables,
  type AppEnv,
  type AppRole,
  type SearchProviderKind,
  type VectorStoreKind,
} from './env.schema';

/**
 * The validated, typed configuration. An abstract class rather than an interface so it can be
 * injected by type (`constructor(private readonly config: AppConfig)`); the value itself is a
 * plain frozen object built once at boot by `loadConfig`.
 */
export abstract class AppConfig {
  abstract readonly role: AppRole;
  abstract readonly env: AppEnv;
  abstract readonly isProduction: boolean;
  abstract readonly http: {
    readonly host: string;
    readonly port: number;
    readonly appUrl: string;
    readonly trustProxy: boolean;
    readonly bodyLimitBytes: number;
    readonly jsonMaxDepth: number;
  };
  abstract readonly log: { readonly level: string };
  /** The primary, and its read replicas (none: every query goes to the primary). */
  abstract readonly database: { readonly url: string; readonly readUrls: readonly string[] };
  abstract readonly redis: { readonly url: string; readonly topology: RedisTopology; readonly realtimeDb: number; readonly keyPrefix: string };
  abstract readonly auth: {
    readonly jwtSecret: string;
    readonly accessTtlS: number;
    readonly refreshTtlS: number;
    readonly tokenPurgeIntervalS: number;
  };
  abstract readonly rateLimit: {
    readonly userPerMin: number;
    readonly ipPerMin: number;
    readonly authPerMin: number;
    /** Answers one user may have generating at once (MAX_CONCURRENT_GENERATIONS_PER_USER). */
    readonly concurrentGenerationsPerUser: number;
  };
  /** Whether answers start on the heuristic reading while an AI sorter decides (ROUTING_SPECULATIVE_ANSWERS). */
  abstract readonly routing: { readonly speculativeAnswers: boolean };
  /** What widget visitors may send (WIDGET_*): see VisitorLimits. */
  abstract readonly widgets: {
    readonly sessionMessagesPerMin: number;
    readonly sessionMessagesPerDay: number;
    readonly ipMessagesPerMin: number;
    readonly ipMessagesPerDay: number;
    readonly tokensPerIpPerMin: number;
    readonly uploadMaxBytes: number;
    readonly sessionUploadsPerDay: number;
    readonly ipUploadsPerMin: number;
    readonly ipUploadsPerDay: number;
  };
  /** Per-account login backoff (LOGIN_*): see LoginThrottle. */
  abstract readonly loginThrottle: {
    readonly failuresPerAccountAndIp: number;
    readonly failuresPerAccount: number;
    readonly maxBackoffS: number;
    readonly knownIpTtlS: number;
  };
  abstract readonly realtime: {
    readonly enabled: boolean;
    readonly tokenSecret: string;
    readonly apiKey: string;
    /** Lifetime of connection and subscription tokens (REALTIME_TOKEN_TTL_S). */
    readonly tokenTtlS: number;
    /** Publications kept per history channel (REALTIME_HISTORY_SIZE) and for how long (REALTIME_HISTORY_TTL_S). */
    readonly historySize: number;
    readonly historyTtlS: number;
    readonly publicWsUrl: string | undefined;
    readonly allowedOrigins: readonly string[];
    /** Open connections per user or widget visitor session, across nodes (REALTIME_MAX_CONNECTIONS_PER_USER). */
    readonly maxConnectionsPerUser: number;
  };
  abstract readonly vectorStore: {
    readonly kind: VectorStoreKind;
    readonly qdrantUrl: string | undefined;
    readonly qdrantApiKey: string | undefined;
  };
  abstract readonly documents: { readonly tikaUrl: string | undefined };
  /** `web_search`'s provider (SEARCH_PROVIDER) and each provider's address and key. */
  abstract readonly search: {
    readonly provider: SearchProviderKind;
    readonly searxngUrl: string | undefined;
    readonly braveApiKey: string | undefined;
    readonly braveUrl: string;
  };
  abstract readonly providers: {
    readonly ollamaUrl: string | undefined;
    readonly openaiApiKey: string | undefined;
    readonly openaiBaseUrl: string | undefined;
    readonly anthropicApiKey: string | undefined;
    readonly anthropicBaseUrl: string | undefined;
    /** Raw OPENAI_MODELS list (`name` or `name:CAP1|CAP2`, comma-separated); parsed by the ai module. */
    readonly openaiModels: string | undefined;
    /** Raw ANTHROPIC_MODELS list, same format. */
    readonly anthropicModels: string | undefined;
    /** Extended thinking budget (tokens) for Claude answers; 0: off. */
    readonly anthropicThinkingBudget: number;
    readonly requestTimeoutS: number;
    readonly streamIdleTimeoutS: number;
    readonly maxRetries: number;
  };
  abstract readonly whatsapp: {
    readonly verifyToken: string | undefined;
    readonly appSecret: string | undefined;
    readonly accessToken: string | undefined;
    readonly phoneNumberId: string | undefined;
    readonly graphUrl: string;
  };
  abstract readonly smtp: {
    readonly host: string | undefined;
    readonly port: number;
    readonly secure: boolean;
    readonly user: string | undefined;
    readonly password: string | undefined;
    readonly from: string;
  };
  abstract readonly imap: {
    readonly host: string | undefined;
    readonly port: number;
    readonly secure: boolean;
    readonly user: string | undefined;
    readonly password: string | undefined;
  };
  abstract readonly email: {
    readonly pollIntervalMs: number;
    readonly maxMessageBytes: number;
    readonly maxAttachmentBytes: number;
  };
  /** Requests to addresses users name (webhooks, url_fetch, crawling): the guard in src/infra/http/safe-fetch. */
  abstract readonly outbound: {
    /** Loopback and private addresses may be reached (never link-local, multicast or unspecified ones). */
    readonly allowPrivateTargets: boolean;
  };
  /** Outbound webhooks (WEBHOOKS_*): see docs/webhooks.md. */
  abstract readonly webhooks: {
    readonly timeoutMs: number;
    readonly maxAttempts: number;
    /** First retry's delay; doubles with each further retry. */
    readonly retryDelayMs: number;
  };
  abstract readonly storage: { readonly dir: string };
  abstract readonly files: {
    readonly uploadMaxBytes: number;
    /** Bounds on one file's text extraction (a worker thread), so a hostile file fails alone. */
    readonly extraction: {
      readonly timeoutMs: number;
      readonly maxMemoryMb: number;
      readonly maxExpandedBytes: number;
      readonly maxEntries: number;
      readonly maxPages: number;
      readonly maxTextChars: number;
    };
    /** OCR of images and scanned PDF pages (tesseract, pdftoppm): docs/knowledge.md. */
    readonly ocr: {
      readonly languages: string[];
      readonly maxPages: number;
      readonly timeoutMs: number;
    };
    /** Apache Tika for the formats read by nothing else; undefined leaves them refused. */
    readonly tikaUrl: string | undefined;
  };
  /** Crawls of widgets' websites (CRAWL_*): the bounds of one crawl, docs/knowledge.md. */
  abstract readonly crawl: {
    readonly maxPages: number;
    readonly maxPageBytes: number;
    readonly maxTotalBytes: number;
    readonly maxDepth: number;
    readonly timeoutMs: number;
  };
  abstract readonly worker: {
    readonly maxLifetimeS: number;
    readonly maxMemoryMb: number;
    readonly concurrency: number;
    readonly healthPort: number;
    /** BullMQ's lock and stall check (QUEUE_LOCK_DURATION_MS and siblings): how soon a dead worker's job runs again. */
    readonly lockDurationMs: number;
    readonly stalledIntervalMs: number;
    readonly maxStalledCount: number;
  };
  abstract readonly shutdownTimeoutS: number;
  /** This process's Prometheus endpoint (METRICS_*): port 0 serves none. */
  abstract readonly metrics: { readonly port: number; readonly host: string };
  /** A web node's not-ready time before it closes on SIGTERM (its load balancer stops sending). */
  abstract readonly shutdownDrainDelayMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) =>
      message.startsWith(e.property) ? message : `${e.property}: ${message}`,
    ),
  );
}

/** Secrets that production refuses while they still hold a `changeme*` default. */
function productionProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  const secrets: Array<[string, string | undefined]> = [
    ['JWT_SECRET', env.JWT_SECRET],
    ['REALTIME_TOKEN_SECRET', env.REALTIME_TOKEN_SECRET],
    ['REALTIME_API_KEY', env.REALTIME_API_KEY],
    ['DATABASE_URL (password)', safePassword(env.DATABASE_URL)],
    ['WHATSAPP_APP_SECRET', env.WHATSAPP_APP_SECRET],
    ['WHATSAPP_VERIFY_TOKEN', env.WHATSAPP_VERIFY_TOKEN],
  ];
  for (const [name, value] of secrets) {
    if (value?.toLowerCase().startsWith('changeme')) {
      problems.push(`${name} still holds a changeme* default; set a real secret in production`);
    }
  }
  if (env.REALTIME_ENABLED && splitList(env.REALTIME_ALLOWED_ORIGINS).includes('*')) {
    problems.push('REALTIME_ALLOWED_ORIGINS=* is not allowed in production; list your real origins');
  }
  return problems;
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Validates the environment once and maps it into the typed configuration; throws ConfigError. */
export function loadConfig(source: Record<string, string | undefined>): AppConfig {
  const env = plainToInstance(EnvironmentVariables, source, { exposeDefaultValues: true });
  const errors = describe(validateSync(env, { forbidUnknownValues: false }));
  if (errors.length === 0 && env.APP_ENV === 'production') errors.push(...productionProblems(env));
  if (errors.length === 0 && env.LOGIN_FAILURES_PER_ACCOUNT <= env.LOGIN_FAILURES_PER_ACCOUNT_AND_IP) {
    errors.push('LOGIN_FAILURES_PER_ACCOUNT must be larger than LOGIN_FAILURES_PER_ACCOUNT_AND_IP, or one address alone could slow an account down for everyone');
  }
  if (errors.length === 0 && env.SEARCH_PROVIDER === 'searxng' && !env.SEARXNG_URL) errors.push('SEARCH_PROVIDER=searxng needs SEARXNG_URL');
  if (errors.length === 0 && env.SEARCH_PROVIDER === 'brave' && !env.BRAVE_SEARCH_API_KEY) errors.push('SEARCH_PROVIDER=brave needs BRAVE_SEARCH_API_KEY');
  if (errors.length > 0) throw new ConfigError(errors);

  const config: AppConfig = {
    role: env.APP_ROLE,
    env: env.APP_ENV,
    isProduction: env.APP_ENV === 'production',
    http: {
      host: env.HOST,
      port: env.PORT,
      appUrl: trimTrailing(env.APP_URL, '/'),
      trustProxy: env.TRUST_PROXY,
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      jsonMaxDepth: env.HTTP_JSON_MAX_DEPTH,
    },
    log: { level: env.LOG_LEVEL },
    database: { url: env.DATABASE_URL, readUrls: env.DATABASE_READ_URLS?.split(',').map((url) => url.trim()) ?? [] },
    redis: { url: env.REDIS_URL, topology: parseRedisUrl(env.REDIS_URL), realtimeDb: env.REDIS_REALTIME_DB, keyPrefix: env.REDIS_KEY_PREFIX },
    auth: {
      jwtSecret: env.JWT_SECRET,
      accessTtlS: env.JWT_ACCESS_TTL_S,
      refreshTtlS: env.JWT_REFRESH_TTL_S,
      tokenPurgeIntervalS: env.TOKEN_PURGE_INTERVAL_S,
    },
    rateLimit: {
      userPerMin: env.RATE_LIMIT_USER_PER_MIN,
      ipPerMin: env.RATE_LIMIT_IP_PER_MIN,
      authPerMin: env.RATE_LIMIT_AUTH_PER_MIN,
      concurrentGenerationsPerUser: env.MAX_CONCURRENT_GENERATIONS_PER_USER,
    },
    routing: { speculativeAnswers: env.ROUTING_SPECULATIVE_ANSWERS },
    widgets: {
      sessionMessagesPerMin: env.WIDGET_SESSION_MESSAGES_PER_MIN,
      sessionMessagesPerDay: env.WIDGET_SESSION_MESSAGES_PER_DAY,
      ipMessagesPerMin: env.WIDGET_IP_MESSAGES_PER_MIN,
      ipMessagesPerDay: env.WIDGET_IP_MESSAGES_PER_DAY,
      tokensPerIpPerMin: env.WIDGET_TOKENS_PER_IP_PER_MIN,
      uploadMaxBytes: env.WIDGET_UPLOAD_MAX_BYTES,
      sessionUploadsPerDay: env.WIDGET_SESSION_UPLOADS_PER_DAY,
      ipUploadsPerMin: env.WIDGET_IP_UPLOADS_PER_MIN,
      ipUploadsPerDay: env.WIDGET_IP_UPLOADS_PER_DAY,
    },
    loginThrottle: {
      failuresPerAccountAndIp: env.LOGIN_FAILURES_PER_ACCOUNT_AND_IP,
      failuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
      maxBackoffS: env.LOGIN_BACKOFF_MAX_S,
      knownIpTtlS: env.LOGIN_KNOWN_IP_DAYS * 24 * 3600,
    },
    realtime: {
      enabled: env.REALTIME_ENABLED,
      tokenSecret: env.REALTIME_TOKEN_SECRET,
      apiKey: env.REALTIME_API_KEY,
      tokenTtlS: env.REALTIME_TOKEN_TTL_S,
      historySize: env.REALTIME_HISTORY_SIZE,
      historyTtlS: env.REALTIME_HISTORY_TTL_S,
      publicWsUrl: env.REALTIME_PUBLIC_WS_URL,
      allowedOrigins: splitList(env.REALTIME_ALLOWED_ORIGINS),
      maxConnectionsPerUser: env.REALTIME_MAX_CONNECTIONS_PER_USER,
    },
    vectorStore: {
      kind: env.VECTOR_STORE,
      qdrantUrl: env.QDRANT_URL,
      qdrantApiKey: env.QDRANT_API_KEY,
    },
    documents: { tikaUrl: env.TIKA_URL },
    search: {
      provider: env.SEARCH_PROVIDER,
      searxngUrl: env.SEARXNG_URL,
      braveApiKey: env.BRAVE_SEARCH_API_KEY,
      braveUrl: env.BRAVE_SEARCH_URL,
    },
    providers: {
      ollamaUrl: env.OLLAMA_URL,
      openaiApiKey: env.OPENAI_API_KEY,
      openaiBaseUrl: env.OPENAI_BASE_URL,
      anthropicApiKey: env.ANTHROPIC_API_KEY,
      anthropicBaseUrl: env.ANTHROPIC_BASE_URL && trimTrailing(env.ANTHROPIC_BASE_URL, '/'),
      openaiModels: env.OPENAI_MODELS,
      anthropicModels: env.ANTHROPIC_MODELS,
      anthropicThinkingBudget: env.ANTHROPIC_THINKING_BUDGET,
      requestTimeoutS: env.AI_REQUEST_TIMEOUT_S,
      streamIdleTimeoutS: env.AI_STREAM_IDLE_TIMEOUT_S,
      maxRetries: env.AI_MAX_RETRIES,
    },
    whatsapp: {
      verifyToken: env.WHATSAPP_VERIFY_TOKEN,
      appSecret: env.WHATSAPP_APP_SECRET,
      accessToken: env.WHATSAPP_ACCESS_TOKEN,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
      graphUrl: trimTrailing(env.WHATSAPP_GRAPH_URL, '/'),
    },
    smtp: {
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
      from: env.SMTP_FROM,
    },
    imap: {
      host: env.IMAP_HOST,
      port: env.IMAP_PORT,
      secure: env.IMAP_SECURE,
      user: env.IMAP_USER,
      password: env.IMAP_PASSWORD,
    },
    email: {
      pollIntervalMs: env.EMAIL_POLL_INTERVAL_S * 1000,
      maxMessageBytes: env.EMAIL_MAX_MESSAGE_BYTES,
      maxAttachmentBytes: env.EMAIL_MAX_ATTACHMENT_BYTES,
    },
    outbound: { allowPrivateTargets: env.OUTBOUND_ALLOW_PRIVATE_TARGETS ?? env.APP_ENV !== 'production' },
    webhooks: {
      timeoutMs: env.WEBHOOKS_TIMEOUT_S * 1000,
      maxAttempts: env.WEBHOOKS_MAX_ATTEMPTS,
      retryDelayMs: env.WEBHOOKS_RETRY_DELAY_MS,
    },
    storage: { dir: env.STORAGE_DIR },
    files: {
      uploadMaxBytes: env.UPLOAD_MAX_BYTES,
      extraction: {
        timeoutMs: env.EXTRACT_TIMEOUT_S * 1000,
        maxMemoryMb: env.EXTRACT_MAX_MEMORY_MB,
        maxExpandedBytes: env.EXTRACT_MAX_EXPANDED_BYTES,
        // Real documents hold hundreds of parts; tens of thousands is an archive, or an attack.
        maxEntries: 10_000,
        maxPages: env.EXTRACT_MAX_PAGES,
        maxTextChars: env.EXTRACT_MAX_TEXT_CHARS,
      },
      ocr: { languages: env.OCR_LANGUAGES.split('+'), maxPages: env.OCR_MAX_PAGES, timeoutMs: env.OCR_TIMEOUT_S * 1000 },
      tikaUrl: env.TIKA_URL,
    },
    crawl: {
      maxPages: env.CRAWL_MAX_PAGES,
      maxPageBytes: env.CRAWL_MAX_PAGE_BYTES,
      maxTotalBytes: env.CRAWL_MAX_TOTAL_BYTES,
      maxDepth: env.CRAWL_MAX_DEPTH,
      timeoutMs: env.CRAWL_TIMEOUT_S * 1000,
    },
    worker: {
      maxLifetimeS: env.WORKER_MAX_LIFETIME_S,
      maxMemoryMb: env.WORKER_MAX_MEMORY_MB,
      concurrency: env.WORKER_CONCURRENCY,
      healthPort: env.WORKER_HEALTH_PORT,
      lockDurationMs: env.QUEUE_LOCK_DURATION_MS,
      stalledIntervalMs: env.QUEUE_STALLED_INTERVAL_MS,
      maxStalledCount: env.QUEUE_MAX_STALLED_COUNT,
    },
    shutdownTimeoutS: env.SHUTDOWN_TIMEOUT_S,
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    shutdownDrainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The process environment, with a local `.env` file merged underneath it when one exists
 * (variables already set in the environment win). The only place that reads `process.env`.
 */
export function readProcessEnvironment(envFile = '.env'): Record<string, string | undefined> {
  try {
    process.loadEnvFile(envFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { ...process.env };
}
