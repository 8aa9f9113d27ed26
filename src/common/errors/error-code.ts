import { HttpStatus } from '@nestjs/common';

/**
 * Stable error codes of the public API. Clients branch on these, so values are never renamed;
 * add new ones instead. Each maps to exactly one HTTP status.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenInvalid = 'TOKEN_INVALID',
  Forbidden = 'FORBIDDEN',
  InsufficientScope = 'INSUFFICIENT_SCOPE',
  NotFound = 'NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  EmailTaken = 'EMAIL_TAKEN',
  Conflict = 'CONFLICT',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
  /** A model binding names a model that does not exist, is disabled or lacks the capability. */
  ModelNotAvailable = 'MODEL_NOT_AVAILABLE',
  /** A task prompt with this topic already exists in the same scope (system, or the user's own). */
  PromptTopicTaken = 'PROMPT_TOPIC_TAKEN',
  /** A JSON body nests arrays/objects deeper than the parser accepts. */
  JsonTooDeep = 'JSON_TOO_DEEP',
  /** A webhook's X-Hub-Signature-256 is missing or was not made with a configured app secret (WhatsApp). */
  WebhookSignatureInvalid = 'WEBHOOK_SIGNATURE_INVALID',
  /** A new password is too easy to guess (common, too short in effect, or derived from the email or name). */
  WeakPassword = 'WEAK_PASSWORD',
  /** The user already has as many answers generating at once as allowed. */
  TooManyGenerations = 'TOO_MANY_GENERATIONS',
  /** `Last-Event-ID` is not an event id of this stream. */
  InvalidLastEventId = 'INVALID_LAST_EVENT_ID',
  /** Not a realtime channel name: unknown namespace, or a malformed id or topic. */
  ChannelInvalid = 'CHANNEL_INVALID',
  /** The caller may not subscribe to this realtime channel (whether or not what it names exists). */
  ChannelForbidden = 'CHANNEL_FORBIDDEN',
  /** Realtime is switched off on this installation (REALTIME_ENABLED=false). */
  RealtimeDisabled = 'REALTIME_DISABLED',
  /** The page's origin is not among the widget's allowed domains (or, for a socket, the app's origins). */
  OriginNotAllowed = 'ORIGIN_NOT_ALLOWED',
  /** The widget is switched off by its owner. */
  WidgetInactive = 'WIDGET_INACTIVE',
  /** An operator reply to a session no person has taken over. */
  SessionNotTakenOver = 'SESSION_NOT_TAKEN_OVER',
  /** A webhook endpoint URL whose host is (or resolves to) an address the server does not send to. */
  WebhookTargetRefused = 'WEBHOOK_TARGET_REFUSED',
  /** Replies from the browser only go to chats that came in on WhatsApp or e-mail. */
  ChannelNotExternal = 'CHANNEL_NOT_EXTERNAL',
  /** A channel account (WhatsApp number, mailbox) with this address exists already. */
  ChannelAccountTaken = 'CHANNEL_ACCOUNT_TAKEN',
  /** Mail for an address no mailbox of the caller takes (the e-mail webhook refuses it rather than drop it). */
  MailboxUnknown = 'MAILBOX_UNKNOWN',
  /** A webhook's e-mail cannot be read: not MIME, or no sender address to answer. */
  EmailUnreadable = 'EMAIL_UNREADABLE',
  /** A URL the server is asked to fetch (a widget's website) is not a public http(s) address. */
  UrlNotAllowed = 'URL_NOT_ALLOWED',
  /** A widget visitor's message names a file that visitor session did not upload. */
  AttachmentUnknown = 'ATTACHMENT_UNKNOWN',
  /** A memory's new category and key are another memory's (each category+key is one fact). */
  MemoryExists = 'MEMORY_EXISTS',
  /** The user keeps as many memories as allowed (500): delete some first. */
  MemoryLimitReached = 'MEMORY_LIMIT_REACHED',
  /** Answering again, editing or continuing acts on a chat's latest question and its current answer only. */
  NotLatestTurn = 'NOT_LATEST_TURN',
  /** The chat has an answer still being written: wait for it (or stop it) first. */
  AnswerInProgress = 'ANSWER_IN_PROGRESS',
  /** Continue is for an answer cut off at the token limit or stopped by the user, with some text. */
  NothingToContinue = 'NOTHING_TO_CONTINUE',
  /** MariaDB cannot be reached (connection lost or refused): try again shortly, nothing was changed by a failed read. */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
}

export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.MalformedJson]: HttpStatus.BAD_REQUEST,
  [ErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.BadRequest]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenExpired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.InsufficientScope]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.MethodNotAllowed]: HttpStatus.METHOD_NOT_ALLOWED,
  [ErrorCode.EmailTaken]: HttpStatus.CONFLICT,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.ServiceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ErrorCode.ModelNotAvailable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PromptTopicTaken]: HttpStatus.CONFLICT,
  [ErrorCode.JsonTooDeep]: HttpStatus.BAD_REQUEST,
  [ErrorCode.WebhookSignatureInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.WeakPassword]: HttpStatus.BAD_REQUEST,
  [ErrorCode.TooManyGenerations]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.InvalidLastEventId]: HttpStatus.BAD_REQUEST,
  [ErrorCode.ChannelInvalid]: HttpStatus.BAD_REQUEST,
  [ErrorCode.ChannelForbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.RealtimeDisabled]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.OriginNotAllowed]: HttpStatus.FORBIDDEN,
  [ErrorCode.WidgetInactive]: HttpStatus.FORBIDDEN,
  [ErrorCode.ChannelNotExternal]: HttpStatus.CONFLICT,
  [ErrorCode.ChannelAccountTaken]: HttpStatus.CONFLICT,
  [ErrorCode.MailboxUnknown]: HttpStatus.NOT_FOUND,
  [ErrorCode.EmailUnreadable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.UrlNotAllowed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.AttachmentUnknown]: HttpStatus.BAD_REQUEST,
  [ErrorCode.MemoryExists]: HttpStatus.CONFLICT,
  [ErrorCode.MemoryLimitReached]: HttpStatus.CONFLICT,
  [ErrorCode.NotLatestTurn]: HttpStatus.CONFLICT,
  [ErrorCode.AnswerInProgress]: HttpStatus.CONFLICT,
  [ErrorCode.NothingToContinue]: HttpStatus.CONFLICT,
  [ErrorCode.DatabaseUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.SessionNotTakenOver]: HttpStatus.CONFLICT,
  [ErrorCode.WebhookTargetRefused]: HttpStatus.BAD_REQUEST,
};

/** The code used for a bare HTTP status raised by the framework or a library. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.BadRequest;
    case 401:
      return ErrorCode.Unauthenticated;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
      return ErrorCode.NotFound;
    case 405:
      return ErrorCode.MethodNotAllowed;
    case 409:
      return ErrorCode.Conflict;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 415:
      return ErrorCode.UnsupportedMediaType;
    case 429:
      return ErrorCode.RateLimited;
    case 503:
      return ErrorCode.ServiceUnavailable;
    default:
      return status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest;
  }
}
