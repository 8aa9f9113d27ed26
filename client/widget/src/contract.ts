/**
 * The shapes of docs/widgets.md as the widget script sees them, and the bridge between the
 * loader (widget.js) and the chat it loads on the first click (widget-chat.js). Types only: the
 * loader must stay a few kilobytes. The wire shapes are the server's contract (src/contracts/widgets.ts), shared with the SPA.
 */

import type { VisitorTranscript, WidgetConfig, WidgetLimits, WidgetMessage, WidgetMessageStatus } from '../../../src/contracts/widgets';

export type { PublicWidgetConfig, SessionMode, VisitorFile, VisitorMessageRequest, WidgetConfig, WidgetLimits, WidgetMessage } from '../../../src/contracts/widgets';

export type MessageRole = WidgetMessage['role'];
export type MessageStatus = WidgetMessageStatus;

/** `GET /widget/:wid/messages`. */
export type Transcript = VisitorTranscript;

/** What `window.Switchboard` offers the page. */
export interface SwitchboardApi {
  open(): void;
  close(): void;
  toggle(): void;
  destroy(): void;
  /** Called with each new message the widget shows; returns a function that stops it. */
  onMessage(callback: (message: WidgetMessage) => void): () => void;
}

/** What the loader hands the chat when it mounts it. */
export interface ChatHost {
  widgetId: string;
  /** The API's origin: the origin of widget.js, never the page's. */
  origin: string;
  config: WidgetConfig;
  limits: WidgetLimits | null;
  operatorsOnline: boolean;
  /** The shadow root the launcher lives in (styles go here, focus is read here). */
  root: ShadowRoot;
  /** The element in it that holds the launcher; the chat adds its panel here. */
  container: HTMLElement;
  launcher: HTMLButtonElement;
  /** The panel opened or closed (the launcher shows it). */
  setOpen(open: boolean): void;
  setUnread(count: number): void;
  /** A new message was shown: the page's onMessage callbacks get it. */
  emitMessage(message: WidgetMessage): void;
}

export interface ChatInstance {
  open(): void;
  close(): void;
  isOpen(): boolean;
  destroy(): void;
}

export type MountChat = (host: ChatHost) => ChatInstance;

/** The chat bundle puts its mount function here; the loader takes it once the script has run. */
export const MOUNT_GLOBAL = '__switchboardMountChat';

export const DEFAULT_CONFIG: WidgetConfig = {
  title: 'Chat with us',
  subtitle: '',
  greeting: '',
  placeholder: 'Write a message…',
  color: '#4f46e5',
  position: 'right',
  humanHandoff: true,
  privacyUrl: null,
};
