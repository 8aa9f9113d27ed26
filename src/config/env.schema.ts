import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsRedisUrl } from './redis-url';

export const APP_ROLES = ['web', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const APP_ENVS = ['development', 'test', 'production'] as const;
export type AppEnv = (typeof APP_ENVS)[number];

export const VECTOR_STORES = ['mariadb', 'qdrant'] as const;
export type VectorStoreKind = (typeof VECTOR_STORES)[number];

/** Web search backends; a task prompt may name one of them (`settings.searchProvider`). */
export const WEB_SEARCH_PROVIDERS = ['searxng', 'brave'] as const;
export type WebSearchProviderName = (typeof WEB_SEARCH_PROVIDERS)[number];
export const SEARCH_PROVIDERS = [...WEB_SEARCH_PROVIDERS, 'none'] as const;
export type SearchProviderKind = (typeof SEARCH_PROVIDERS)[number];

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value; // left as a string so IsBoolean names the variable
};

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const URL_OPTIONS = { require_tld: false, require_protocol: true };

/**
 * The raw environment as the process receives it. Every variable the application reads is declared
 * here, with its default; `loadConfig` validates it once and maps it into the typed `AppConfig`.
 * Defaults make a fresh development machine run with nothing configured; secrets default to
 * `changeme*` values that production refuses.
 */
export class EnvironmentVariables {
  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @IsIn(APP_ENVS)
  APP_ENV: AppEnv = 'development';

  @IsUrl(URL_OPTIONS)
  APP_URL = 'http://localhost:3000';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  HTTP_BODY_LIMIT_BYTES = 1_048_576;

  /**
   * Deepest nesting of arrays/objects a JSON body may have. Deeper bodies are refused before
   * they are parsed: validation recurses per level and would overflow the stack.
   */
  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(256)
  HTTP_JSON_MAX_DEPTH = 32;

  @Matches(/^(mariadb|mysql):\/\/.+/, { message: 'DATABASE_URL must be a mariadb:// URL' })
  DATABASE_URL = 'mariadb://root@127.0.0.1:3306/switchboard';

  /**
   * Read replicas of DATABASE_URL's primary, comma-separated mariadb:// URLs. Unset: every query
   * goes to DATABASE_URL. Only reads that tolerate replication lag use them; the rest stay on the
   * primary (docs/production.md, "MariaDB").
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(mariadb|mysql):\/\/[^\s,]+(\s*,\s*(mariadb|mysql):\/\/[^\s,]+)*$/, { message: 'DATABASE_READ_URLS must be comma-separated mariadb:// URLs' })
  DATABASE_READ_URLS?: string;

  /** One Redis, a Sentinel set or a Redis Cluster: the forms are in src/config/redis-url.ts and docs/redis.md. */
  @IsRedisUrl()
  REDIS_URL = 'redis://127.0.0.1:6379/0';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(15)
  REDIS_REALTIME_DB = 1;

  /** Prefix for every key the app writes, so several installations (or test suites) share a Redis. */
  @Matches(/^[A-Za-z0-9_:.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1-64 of [A-Za-z0-9_:.-]' })
  REDIS_KEY_PREFIX = 'sb:';

  @IsString()
  @MinLength(16)
  JWT_SECRET = 'changeme-jwt-secret-for-development';

  @Transform(toInt)
  @IsInt()
  @Min(30)
  JWT_ACCESS_TTL_S = 900;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_REFRESH_TTL_S = 30 * 24 * 3600;

  /** How often a worker deletes refresh tokens dead for over a week: one run per period across the cluster. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  TOKEN_PURGE_INTERVAL_S = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_USER_PER_MIN = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_IP_PER_MIN = 300;

  /** Login, register and refresh attempts per IP and minute: the brute-force budget. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_MIN = 20;

  /**
   * Failed logins in a row for one account from one IP before that IP must wait between attempts:
   * 1 s, then twice as long after every further failure. A success resets it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURES_PER_ACCOUNT_AND_IP = 5;

  /**
   * Failed logins for one account from all IPs (forgotten after a day without one) before every IP
   * that has not logged into it recently must wait too, with the same backoff: this is what stops
   * guessing spread over many addresses. Each IP counts at most LOGIN_FAILURES_PER_ACCOUNT_AND_IP
   * of its failures here, so this must be larger: one address alone cannot slow the account down.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  LOGIN_FAILURES_PER_ACCOUNT = 20;

  /** The longest a login backoff grows. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_BACKOFF_MAX_S = 900;

  /** How long an IP that logged into an account keeps logging into it through an account-wide slowdown. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_KNOWN_IP_DAYS = 30;

  /** Answers one user may have generating at once, across all nodes: each may be a paid model call. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_CONCURRENT_GENERATIONS_PER_USER = 4;

  /**
   * Start the likely answer while an AI sorter decides, and keep it when the decision agrees:
   * hides the sorter's round trip, at the cost of the tokens of a guess that was wrong.
   */
  @Transform(toBoolean)
  @IsBoolean()
  ROUTING_SPECULATIVE_ANSWERS = true;

  /** Messages one widget visitor session may send per minute, and per day. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_SESSION_MESSAGES_PER_MIN = 6;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_SESSION_MESSAGES_PER_DAY = 200;

  /** Widget messages from one IP (all its sessions, all widgets) per minute, and per day. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_IP_MESSAGES_PER_MIN = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_IP_MESSAGES_PER_DAY = 1000;

  /** The largest file a widget visitor may upload (POST /widget/:wid/files); below UPLOAD_MAX_BYTES' default. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  WIDGET_UPLOAD_MAX_BYTES = 10_485_760;

  /** Files one widget visitor session may upload per day, and one IP (all its sessions) per minute and per day. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_SESSION_UPLOADS_PER_DAY = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_IP_UPLOADS_PER_MIN = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_IP_UPLOADS_PER_DAY = 100;

  /** Realtime tokens a widget visitor's IP may ask for per minute (the anonymous token endpoint). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WIDGET_TOKENS_PER_IP_PER_MIN = 30;

  @Transform(toBoolean)
  @IsBoolean()
  REALTIME_ENABLED = true;

  @IsString()
  @MinLength(16)
  REALTIME_TOKEN_SECRET = 'changeme-realtime-token-secret';

  @IsString()
  @MinLength(8)
  REALTIME_API_KEY = 'changeme-realtime-api-key';

  /** Lifetime of realtime connection and subscription tokens: they only gate a handshake or a subscribe. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  REALTIME_TOKEN_TTL_S = 60;

  /** Publications kept per session or user channel, for clients that reconnect (`subscribe {since}`). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  REALTIME_HISTORY_SIZE = 100;

  /**
   * How long a kept publication stays recoverable. At most an hour: a channel's offset counter
   * lives a day after its last publication (ChannelHistory) and must outlive its history.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  REALTIME_HISTORY_TTL_S = 600;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['ws', 'wss'] })
  REALTIME_PUBLIC_WS_URL?: string;

  @IsString()
  REALTIME_ALLOWED_ORIGINS = 'http://localhost:3000';

  /**
   * Open realtime connections one user (or one widget visitor's session) may hold across all web
   * nodes: every tab is one, so this bounds what a leaked token or a runaway client can hold open.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  REALTIME_MAX_CONNECTIONS_PER_USER = 20;

  @IsIn(VECTOR_STORES)
  VECTOR_STORE: VectorStoreKind = 'mariadb';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  QDRANT_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  QDRANT_API_KEY?: string;

  /** Apache Tika server (e.g. http://tika:9998) for RTF, EPUB and legacy Office files; unset, those are refused. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  TIKA_URL?: string;

  /** Which search provider `web_search` uses; `none` makes the capability fail with SEARCH_UNAVAILABLE. */
  @IsIn(SEARCH_PROVIDERS)
  SEARCH_PROVIDER: SearchProviderKind = 'none';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  SEARXNG_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  BRAVE_SEARCH_API_KEY?: string;

  @IsUrl(URL_OPTIONS)
  BRAVE_SEARCH_URL = 'https://api.search.brave.com/res/v1/web/search';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  OLLAMA_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  OPENAI_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ANTHROPIC_API_KEY?: string;

  /** Anthropic-compatible endpoint (a proxy, or a test server); Anthropic's own API when unset. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  ANTHROPIC_BASE_URL?: string;

  /**
   * The models of the OpenAI-compatible server, replacing the built-in OpenAI list: comma-separated
   * `name` or `name:CAP1|CAP2` (vLLM, LM Studio, Groq …). A bare name is a chat model.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*[^\s,]+(\s*,\s*[^\s,]+)*\s*,?\s*$/, { message: 'OPENAI_MODELS must be a comma list of name or name:CAP1|CAP2' })
  OPENAI_MODELS?: string;

  /** Replaces the built-in Claude model list; same format as OPENAI_MODELS. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*[^\s,]+(\s*,\s*[^\s,]+)*\s*,?\s*$/, { message: 'ANTHROPIC_MODELS must be a comma list of name or name:CAP1|CAP2' })
  ANTHROPIC_MODELS?: string;

  /** Bound on one provider call; for a stream, on the wait for its first event. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AI_REQUEST_TIMEOUT_S = 120;

  /** Longest silence allowed between two events of a provider stream. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AI_STREAM_IDLE_TIMEOUT_S = 60;

  /** Retries of a failed provider call (timeouts, 429, 5xx), only before any output. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  AI_MAX_RETRIES = 2;

  /**
   * Extended thinking for Claude answers: the reasoning budget in tokens (at least 1024, Anthropic's
   * minimum), streamed to the chat as the model's thinking. 0 leaves it off.
   */
  @Transform(toInt)
  @IsInt()
  @ValidateIf((_: object, value: unknown) => value !== 0)
  @Min(1024)
  @Max(64_000)
  ANTHROPIC_THINKING_BUDGET = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WHATSAPP_VERIFY_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WHATSAPP_APP_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WHATSAPP_ACCESS_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WHATSAPP_PHONE_NUMBER_ID?: string;

  @IsUrl(URL_OPTIONS)
  WHATSAPP_GRAPH_URL = 'https://graph.facebook.com/v21.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  @Transform(toBoolean)
  @IsBoolean()
  SMTP_SECURE = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  @IsString()
  SMTP_FROM = 'Switchboard <no-reply@localhost>';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IMAP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  IMAP_PORT = 993;

  @Transform(toBoolean)
  @IsBoolean()
  IMAP_SECURE = true;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IMAP_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IMAP_PASSWORD?: string;

  /** Seconds between checks of a mailbox whose server has no IDLE; also how often workers look for new mailboxes and take over one whose poller died. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  EMAIL_POLL_INTERVAL_S = 60;

  /** Largest e-mail taken in, as MIME bytes (the raw webhook body, one message read over IMAP). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  EMAIL_MAX_MESSAGE_BYTES = 10_485_760;

  /** Largest attachment of an inbound e-mail kept as a file; larger ones are named in the text instead. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EMAIL_MAX_ATTACHMENT_BYTES = 5_242_880;

  /**
   * Whether requests to addresses users name (webhooks, url_fetch, crawling) may go to loopback
   * and private addresses (local receivers, tests). Unset: yes in development and test, no in
   * production. Link-local (cloud metadata), multicast and unspecified addresses are refused
   * whatever this says.
   */
  @Transform(emptyToUndefined)
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  OUTBOUND_ALLOW_PRIVATE_TARGETS?: boolean;

  /** How long one webhook delivery attempt may take, connection to the end of the response. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  WEBHOOKS_TIMEOUT_S = 10;

  /** Attempts per webhook delivery before it is marked failed (the first one included). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOKS_MAX_ATTEMPTS = 5;

  /** The wait before a webhook's first retry; it doubles for each further one. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOKS_RETRY_DELAY_MS = 30_000;

  @IsString()
  STORAGE_DIR = './storage';

  /** The largest upload `POST /files` takes; a bigger one is refused with 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 26_214_400;

  /** How long one file's text extraction may run before its thread is stopped and the file fails. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EXTRACT_TIMEOUT_S = 60;

  /** The heap of the thread that extracts one file; past it the thread dies and the file fails, not the worker. */
  @Transform(toInt)
  @IsInt()
  @Min(32)
  EXTRACT_MAX_MEMORY_MB = 256;

  /** What an Office/OpenDocument file (a zip) may expand to in total: the zip-bomb cap. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  EXTRACT_MAX_EXPANDED_BYTES = 104_857_600;

  /** Pages (PDF) or slides (PPTX) read; a longer document fails. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EXTRACT_MAX_PAGES = 2000;

  /** Characters of text a document may yield; more fails it. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  EXTRACT_MAX_TEXT_CHARS = 5_000_000;

  /** Tesseract languages OCR reads with, `+`-separated; those without installed language data are skipped. */
  @IsString()
  @Matches(/^[a-z_]{3,16}(\+[a-z_]{3,16}){0,15}$/)
  OCR_LANGUAGES = 'eng+deu+fra+spa';

  /** Scanned PDF pages OCR reads; a PDF with more fails (TOO_LARGE) rather than being read in part. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OCR_MAX_PAGES = 50;

  /** How long OCR of one file (all its scanned pages) may take before the file fails. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OCR_TIMEOUT_S = 300;

  /** Pages one crawl of a widget's website reads at most (docs/knowledge.md, Widget knowledge). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  CRAWL_MAX_PAGES = 50;

  /** The largest page a crawl reads; a larger one is skipped. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  CRAWL_MAX_PAGE_BYTES = 2_097_152;

  /** Bytes one crawl reads in all; it stops there with the pages read so far. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  CRAWL_MAX_TOTAL_BYTES = 20_971_520;

  /** Links followed from the start page: 0 reads only that page. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  CRAWL_MAX_DEPTH = 3;

  /** How long one crawl may take in all; it stops there with the pages read so far. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CRAWL_TIMEOUT_S = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WORKER_MAX_LIFETIME_S = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(64)
  WORKER_MAX_MEMORY_MB = 1536;

  /** Concurrency of each queue's BullMQ worker in this process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  WORKER_CONCURRENCY = 8;

  /**
   * How long a worker's lock on a running job lasts (renewed every half of it while the worker
   * lives): a job whose worker died is seen as stalled once it lapses, and run again elsewhere.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  QUEUE_LOCK_DURATION_MS = 30_000;

  /** How often each worker looks for stalled jobs (their lock lapsed): with the lock, bounds how soon a dead worker's job runs again. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  QUEUE_STALLED_INTERVAL_MS = 30_000;

  /** How many times a job may stall (its worker died) and still run again; past it, it fails (an answer ends with INTERRUPTED). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  QUEUE_MAX_STALLED_COUNT = 1;

  /** Optional liveness port for the worker role (0 = none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 0;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SHUTDOWN_TIMEOUT_S = 30;

  /**
   * Port of this process's Prometheus endpoint (`GET /metrics`), apart from the public one; 0 = none.
   * Every process serves its own (a web node and a worker on one host need different ports).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  /** Where the metrics endpoint listens: loopback by default; 0.0.0.0 for a scraper on another host or pod. */
  @IsString()
  @MinLength(1)
  METRICS_HOST = '127.0.0.1';

  /**
   * How long a web node keeps serving after SIGTERM while reporting not-ready, before it closes:
   * at least the load balancer's (or readiness probe's) interval × failures to mark it down.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300_000)
  SHUTDOWN_DRAIN_DELAY_MS = 0;
}
