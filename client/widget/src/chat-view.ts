import { isFinished, type AnswerView, type TaskCard } from './answer';
import type { WidgetConfig } from './contract';
import { safeHttpUrl, splitLinks, timeOf } from './text';
import type { ChatItem } from './transcript';

/** What the panel shows besides the messages. */
export interface ViewState {
  items: readonly ChatItem[];
  /** "A person is available", "Waiting for a person…", "You're chatting with …", or nothing. */
  status: { text: string; available: boolean } | null;
  reconnecting: boolean;
  /** Who is typing, in words ("AI Assistant is typing…"), or null. */
  typing: string | null;
  showHandoff: boolean;
  handoffBusy: boolean;
  /** The composer's placeholder when it is disabled (limit reached, chat switched off), else null. */
  disabledReason: string | null;
  /** An answer is being written: sending waits (one generation per session). */
  answering: boolean;
  loading: boolean;
}

export interface ViewHandlers {
  send(text: string): void;
  retry(key: string): void;
  close(): void;
  handoff(): void;
  dismissNotice(): void;
  draft(text: string): void;
}

export const AI_NAME = 'AI Assistant';

const CAPABILITY_NAMES: Record<string, string> = {
  chat: 'Answer',
  summarize: 'Summarize',
  translate: 'Translate',
  extract_text: 'Read files',
  compose_reply: 'Write the answer',
  image_generation: 'Create an image',
  text2sound: 'Create audio',
  document_generation: 'Write a document',
  rag_query: 'Search documents',
  web_search: 'Web search',
  url_fetch: 'Read a web page',
  file_analysis: 'Analyse files',
};

const STATE_WORDS: Record<TaskCard['state'], string> = {
  pending: 'waiting',
  running: 'working…',
  done: '✓ done',
  failed: '✕ failed',
  skipped: 'skipped',
};

const SEND_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 12l16-8-6 16-2-7-8-1z"/></svg>';
const CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(href: string, text: string): HTMLAnchorElement {
  const anchor = el('a', undefined, text);
  anchor.href = href;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer nofollow';
  return anchor;
}

/** Server text as DOM: text nodes and http(s) anchors, never markup. Line breaks show through `pre-wrap`. */
export function fillText(target: HTMLElement, text: string): void {
  target.replaceChildren(...splitLinks(text).map((segment) => (segment.kind === 'link' ? link(segment.href, segment.text) : document.createTextNode(segment.text))));
}

function labelOf(item: ChatItem): string {
  const name = item.role === 'visitor' ? 'You' : item.role === 'operator' ? (item.operatorName ?? 'Support') : AI_NAME;
  const time = item.delivery === 'sending' ? '' : timeOf(item.createdAt);
  return time ? `${name} · ${time}` : name;
}

function answerExtras(node: HTMLElement, answer: AnswerView): void {
  if (answer.cards.length > 0) {
    const cards = el('div', 'sb-cards');
    cards.setAttribute('aria-label', 'Steps');
    for (const card of answer.cards) {
      const name = CAPABILITY_NAMES[card.capability] ?? (card.capability.replaceAll('_', ' ') || 'Step');
      const percent = card.state === 'running' && card.percent !== null ? ` ${card.percent}%` : '';
      cards.appendChild(el('span', `sb-card sb-card-${card.state}`, `${name} · ${STATE_WORDS[card.state]}${percent}`));
    }
    node.insertBefore(cards, node.children[1] ?? null);
  }
  const links = [...answer.files.map((file) => ({ title: file.name, url: file.url })), ...answer.sources.filter((source) => source.url)];
  if (links.length > 0) {
    const list = el('div', 'sb-files');
    for (const entry of links) {
      const href = safeHttpUrl(entry.url ?? '');
      list.appendChild(href ? link(href, entry.title) : el('span', undefined, entry.title));
    }
    node.appendChild(list);
  }
}

/** The panel: built once, then brought up to date from a ViewState (rows are rebuilt only when their item changed). */
export class ChatView {
  readonly panel: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly log: HTMLElement;
  private readonly statusLine: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly typingLine: HTMLElement;
  private readonly handoffButton: HTMLButtonElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly counter: HTMLElement;
  private readonly loadingLine: HTMLElement;
  private readonly rows = new Map<string, { item: ChatItem; node: HTMLElement }>();
  private readonly maxLength: number;
  private answering = false;
  private disabled = false;

  constructor(
    private readonly config: WidgetConfig,
    options: { maxLength: number; noticeDismissed: boolean; panelId: string },
    private readonly handlers: ViewHandlers,
  ) {
    this.maxLength = options.maxLength;
    this.panel = el('div', 'sb-panel');
    this.panel.id = options.panelId;
    this.panel.hidden = true;
    this.panel.tabIndex = -1;
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-label', config.title);

    const head = el('div', 'sb-head');
    const titles = el('div', 'sb-titles');
    titles.appendChild(el('h2', 'sb-title', config.title));
    if (config.subtitle) titles.appendChild(el('p', 'sb-sub', config.subtitle));
    const closeButton = el('button', 'sb-icon');
    closeButton.type = 'button';
    closeButton.setAttribute('aria-label', 'Close chat');
    closeButton.innerHTML = CLOSE_ICON;
    closeButton.addEventListener('click', () => handlers.close());
    head.append(titles, closeButton);

    this.statusLine = el('div', 'sb-status');
    this.statusLine.setAttribute('role', 'status');
    this.statusLine.hidden = true;

    this.notice = el('div', 'sb-notice');
    this.notice.hidden = options.noticeDismissed;
    const noticeText = el('p', undefined, 'AI-powered: answers are written by an AI and can be wrong. Our team can see what you type, even before you send it. ');
    const privacy = safeHttpUrl(config.privacyUrl);
    if (privacy) noticeText.appendChild(link(privacy, 'Privacy policy'));
    const dismiss = el('button', 'sb-icon');
    dismiss.type = 'button';
    dismiss.setAttribute('aria-label', 'Dismiss the AI notice');
    dismiss.innerHTML = CLOSE_ICON;
    dismiss.addEventListener('click', () => {
      this.notice.hidden = true;
      handlers.dismissNotice();
      this.input.focus();
    });
    this.notice.append(noticeText, dismiss);

    this.log = el('div', 'sb-log');
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.tabIndex = 0;
    this.log.setAttribute('aria-label', 'Conversation');
    if (config.greeting) {
      const greeting = el('div', 'sb-msg sb-msg-ai');
      const bubble = el('div', 'sb-bubble');
      fillText(bubble, config.greeting);
      greeting.append(el('div', 'sb-label', AI_NAME), bubble);
      this.log.appendChild(greeting);
    }
    this.loadingLine = el('div', 'sb-loading-line', 'Loading earlier messages…');
    this.loadingLine.hidden = true;
    this.log.appendChild(this.loadingLine);

    this.typingLine = el('div', 'sb-typing');
    this.typingLine.setAttribute('aria-live', 'polite');

    this.handoffButton = el('button', 'sb-handoff', 'Talk to a person');
    this.handoffButton.type = 'button';
    this.handoffButton.hidden = true;
    this.handoffButton.addEventListener('click', () => handlers.handoff());

    const composer = el('form', 'sb-composer');
    this.input = el('textarea', 'sb-input');
    this.input.rows = 1;
    this.input.maxLength = options.maxLength;
    this.input.placeholder = config.placeholder;
    this.input.setAttribute('aria-label', 'Your message');
    this.sendButton = el('button', 'sb-send');
    this.sendButton.type = 'submit';
    this.sendButton.setAttribute('aria-label', 'Send');
    this.sendButton.innerHTML = SEND_ICON;
    composer.append(this.input, this.sendButton);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter breaks the line; Enter that confirms an IME composition does neither.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.updateControls();
      handlers.draft(this.input.value);
    });

    this.counter = el('div', 'sb-count');
    this.counter.hidden = true;
    this.counter.setAttribute('aria-live', 'polite');

    this.panel.append(head, this.statusLine, this.notice, this.log, this.typingLine, this.handoffButton, composer, this.counter);
  }

  show(): void {
    this.panel.hidden = false;
    this.scrollToEnd();
  }

  hide(): void {
    this.panel.hidden = true;
  }

  get visible(): boolean {
    return !this.panel.hidden;
  }

  clearInput(): void {
    this.input.value = '';
    this.autosize();
    this.updateControls();
  }

  scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  render(state: ViewState): void {
    const nearEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 60;

    this.loadingLine.hidden = !state.loading;
    const keep = new Set<string>();
    let previous: Element = this.loadingLine;
    for (const item of state.items) {
      keep.add(item.key);
      let row = this.rows.get(item.key);
      if (!row || row.item !== item) {
        const node = this.row(item);
        if (row) row.node.replaceWith(node);
        row = { item, node };
        this.rows.set(item.key, row);
      }
      if (previous.nextElementSibling !== row.node) previous.after(row.node);
      previous = row.node;
    }
    for (const [key, row] of this.rows) {
      if (keep.has(key)) continue;
      row.node.remove();
      this.rows.delete(key);
    }

    if (state.status || state.reconnecting) {
      const parts: Node[] = [];
      if (state.status?.available) parts.push(el('span', 'sb-dot'));
      if (state.status) parts.push(document.createTextNode(state.status.text));
      if (state.reconnecting) parts.push(document.createTextNode(`${state.status ? ' · ' : ''}Reconnecting…`));
      this.statusLine.replaceChildren(...parts);
      this.statusLine.hidden = false;
    } else {
      this.statusLine.hidden = true;
      this.statusLine.replaceChildren();
    }

    this.typingLine.textContent = state.typing ?? '';
    this.handoffButton.hidden = !state.showHandoff;
    this.handoffButton.disabled = state.handoffBusy;

    this.answering = state.answering;
    const disabled = state.disabledReason !== null;
    if (disabled !== this.disabled) {
      // Two rows, so the explanation in the placeholder can be read whole.
      this.input.rows = disabled ? 2 : 1;
      this.input.style.height = '';
      this.panel.classList.toggle('sb-blocked', disabled);
    }
    this.disabled = disabled;
    this.input.disabled = disabled;
    this.input.placeholder = state.disabledReason ?? this.config.placeholder;
    this.updateControls();

    if (nearEnd) this.scrollToEnd();
  }

  private submit(): void {
    if (this.sendButton.disabled) return;
    this.handlers.send(this.input.value);
  }

  private updateControls(): void {
    const length = this.input.value.length;
    this.sendButton.disabled = this.disabled || this.answering || this.input.value.trim() === '';
    this.sendButton.title = this.answering && !this.disabled ? 'Wait for the answer to finish' : '';
    const left = this.maxLength - length;
    const near = left <= Math.max(50, Math.floor(this.maxLength * 0.1));
    this.counter.hidden = !near || this.disabled;
    this.counter.textContent = near ? (left > 0 ? `${left} characters left` : 'Character limit reached') : '';
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 120)}px`;
  }

  private row(item: ChatItem): HTMLElement {
    if (item.role === 'system') {
      const time = timeOf(item.createdAt);
      return el('div', 'sb-system', time ? `${item.text} · ${time}` : item.text);
    }
    if (item.role === 'notice') {
      const node = el('div', item.status === 'failed' ? 'sb-error' : 'sb-info', item.text);
      if (item.status === 'failed') node.setAttribute('role', 'alert');
      return node;
    }
    const node = el('div', `sb-msg sb-msg-${item.role}`);
    node.appendChild(el('div', 'sb-label', labelOf(item)));
    if (item.text) {
      const bubble = el('div', 'sb-bubble');
      fillText(bubble, item.text);
      node.appendChild(bubble);
    }
    if (item.answer) answerExtras(node, item.answer);
    if (item.role === 'ai') {
      if (item.status === 'stopped') node.appendChild(el('div', 'sb-note', 'Stopped'));
      if (item.status === 'failed') {
        node.appendChild(el('div', 'sb-failed', item.answer?.error?.code === 'INTERRUPTED' ? 'The answer was interrupted. Please ask again.' : 'The answer could not be finished. Please ask again.'));
      }
    }
    if (item.delivery === 'sending') node.appendChild(el('span', 'sb-sr', 'Sending'));
    if (item.delivery === 'failed') {
      const failed = el('div', 'sb-failed', 'Not sent.');
      const retry = el('button', 'sb-link', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => this.handlers.retry(item.key));
      failed.appendChild(retry);
      node.appendChild(failed);
    }
    return node;
  }
}

/** Whether an item is an AI answer still being written. */
export function isWriting(item: ChatItem): boolean {
  return item.role === 'ai' && (item.status === 'pending' || item.status === 'streaming') && !(item.answer && isFinished(item.answer.status));
}
