import { isFinished, type AnswerView, type TaskCard } from './answer';
import { chipLabel, uploading, type Attachment } from './attachments';
import { linkOf, locationOf, splitCitationMarks, type Citation } from './citations';
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
  /** Files for the next message, as chips. */
  attachments: readonly Attachment[];
}

export interface ViewHandlers {
  send(text: string): void;
  retry(key: string): void;
  close(): void;
  handoff(): void;
  dismissNotice(): void;
  draft(text: string): void;
  /** Files picked with the paperclip, dropped on the panel or pasted. */
  attach(files: File[]): void;
  removeAttachment(key: string): void;
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
const CLIP_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 11.5l-8.2 8.2a5 5 0 01-7.1-7.1l8.5-8.5a3.3 3.3 0 014.7 4.7l-8.5 8.5a1.7 1.7 0 01-2.4-2.4l7.8-7.8"/></svg>';

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

function linkedText(text: string): Node[] {
  return splitLinks(text).map((segment) => (segment.kind === 'link' ? link(segment.href, segment.text) : document.createTextNode(segment.text)));
}

/** Server text as DOM: text nodes and http(s) anchors, never markup. Line breaks show through `pre-wrap`. */
export function fillText(target: HTMLElement, text: string): void {
  target.replaceChildren(...linkedText(text));
}

/** A button that opens source `n` of the row `key` (the log's click handler finds it by these). */
function sourceButton(className: string, key: string, citation: Citation): HTMLButtonElement {
  const button = el('button', className);
  button.type = 'button';
  button.dataset.citeKey = key;
  button.dataset.citeN = String(citation.n);
  return button;
}

/** An answer's text with its `[n]` marks as small buttons that open the source. */
function fillCited(target: HTMLElement, text: string, citations: readonly Citation[], key: string): void {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const nodes: Node[] = [];
  for (const segment of splitCitationMarks(text, new Set(byNumber.keys()))) {
    if (segment.kind === 'text') {
      nodes.push(...linkedText(segment.text));
      continue;
    }
    const citation = byNumber.get(segment.n) as Citation;
    const mark = sourceButton('sb-cite', key, citation);
    mark.textContent = String(citation.n);
    mark.setAttribute('aria-label', `Source ${citation.n}: ${citation.title}`);
    nodes.push(mark);
  }
  target.replaceChildren(...nodes);
}

/** The numbered sources under an answer; each opens its passage. */
function sourceList(citations: readonly Citation[], key: string): HTMLElement {
  const box = el('div', 'sb-sources');
  box.appendChild(el('div', 'sb-sources-head', citations.length === 1 ? 'Source' : `${citations.length} sources`));
  const list = el('ol');
  for (const citation of citations) {
    const button = sourceButton('sb-source-item', key, citation);
    button.append(el('span', 'sb-source-n', String(citation.n)), el('span', 'sb-source-name', citation.title));
    const where = locationOf(citation);
    if (where) button.appendChild(el('span', 'sb-source-where', where));
    button.setAttribute('aria-haspopup', 'dialog');
    const item = el('li');
    item.appendChild(button);
    list.appendChild(item);
  }
  box.appendChild(list);
  return box;
}

/** The sources an item cites: followed live, or stored with the transcript. */
function citationsOfItem(item: ChatItem): readonly Citation[] {
  return item.answer?.citations.length ? item.answer.citations : (item.citations ?? []);
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
  if (answer.files.length > 0) {
    const list = el('div', 'sb-files');
    for (const file of answer.files) {
      const href = safeHttpUrl(file.url);
      list.appendChild(href ? link(href, file.name) : el('span', undefined, file.name));
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
  private readonly clipButton: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;
  private readonly chipList: HTMLElement;
  /** Says a file's new state to screen readers (the chips' percentages would be read out at every step). */
  private readonly chipStatus: HTMLElement;
  private readonly chips = new Map<string, { attachment: Attachment; node: HTMLElement; label: HTMLElement }>();
  private readonly source: { box: HTMLElement; kicker: HTMLElement; title: HTMLElement; where: HTMLElement; passage: HTMLElement; open: HTMLAnchorElement; close: HTMLButtonElement };
  /** The source shown: which row's which number (to give focus back to its button). */
  private sourceShown: { key: string; n: number } | null = null;
  private items: readonly ChatItem[] = [];
  private attachments: readonly Attachment[] = [];
  private dragDepth = 0;
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
    this.log.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-cite-n]') : null;
      if (button?.dataset.citeKey) this.openSource(button.dataset.citeKey, Number(button.dataset.citeN));
    });
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

    this.chipList = el('ul', 'sb-chips');
    this.chipList.setAttribute('aria-label', 'Attached files');
    this.chipList.hidden = true;
    this.chipStatus = el('span', 'sb-sr');
    this.chipStatus.setAttribute('role', 'status');

    const composer = el('form', 'sb-composer');
    this.fileInput = el('input', 'sb-sr');
    this.fileInput.type = 'file';
    this.fileInput.multiple = true;
    this.fileInput.tabIndex = -1;
    this.fileInput.setAttribute('aria-hidden', 'true');
    this.fileInput.addEventListener('change', () => {
      const files = [...(this.fileInput.files ?? [])];
      // Cleared, so picking the same file again is a change too.
      this.fileInput.value = '';
      if (files.length > 0) handlers.attach(files);
    });
    this.clipButton = el('button', 'sb-clip');
    this.clipButton.type = 'button';
    this.clipButton.setAttribute('aria-label', 'Attach files');
    this.clipButton.title = 'Attach files';
    this.clipButton.innerHTML = CLIP_ICON;
    this.clipButton.addEventListener('click', () => this.fileInput.click());
    this.input = el('textarea', 'sb-input');
    this.input.rows = 1;
    this.input.maxLength = options.maxLength;
    this.input.placeholder = config.placeholder;
    this.input.setAttribute('aria-label', 'Your message');
    this.sendButton = el('button', 'sb-send');
    this.sendButton.type = 'submit';
    this.sendButton.setAttribute('aria-label', 'Send');
    this.sendButton.innerHTML = SEND_ICON;
    composer.append(this.fileInput, this.clipButton, this.input, this.sendButton, this.chipStatus);
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
    this.input.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      // Text with a picture of itself (copied from an office program) pastes as text.
      if (files.length === 0 || this.disabled || event.clipboardData?.getData('text/plain')) return;
      event.preventDefault();
      handlers.attach(files);
    });

    this.counter = el('div', 'sb-count');
    this.counter.hidden = true;
    this.counter.setAttribute('aria-live', 'polite');

    this.source = this.sourcePanel();
    this.panel.append(head, this.statusLine, this.notice, this.log, this.typingLine, this.handoffButton, this.chipList, composer, this.counter, this.source.box);
    this.acceptDrops();
  }

  /** Files dragged over the panel are attached when dropped; the panel says so while they hover. */
  private acceptDrops(): void {
    const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') === true;
    const done = (): void => {
      this.dragDepth = 0;
      this.panel.classList.remove('sb-dropping');
    };
    this.panel.addEventListener('dragenter', (event) => {
      if (!carriesFiles(event) || this.disabled) return;
      event.preventDefault();
      this.dragDepth++;
      this.panel.classList.add('sb-dropping');
    });
    this.panel.addEventListener('dragover', (event) => {
      if (!carriesFiles(event) || this.disabled) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    });
    this.panel.addEventListener('dragleave', () => {
      if (this.dragDepth > 0 && --this.dragDepth === 0) done();
    });
    this.panel.addEventListener('drop', (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      done();
      if (!this.disabled) this.handlers.attach([...(event.dataTransfer?.files ?? [])]);
    });
  }

  /** The passage of a source, over the lower part of the panel: title, where, the text, and the page for web sources. */
  private sourcePanel(): ChatView['source'] {
    const box = el('section', 'sb-source');
    box.hidden = true;
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-labelledby', `${this.panel.id}-source-title`);
    const head = el('div', 'sb-source-head');
    const kicker = el('span', 'sb-source-kicker');
    const close = el('button', 'sb-icon');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close the source');
    close.innerHTML = CLOSE_ICON;
    close.addEventListener('click', () => this.closeSource());
    head.append(kicker, close);
    const title = el('h3', 'sb-source-title');
    title.id = `${this.panel.id}-source-title`;
    const where = el('p', 'sb-source-where');
    const passage = el('blockquote', 'sb-source-text');
    // Long passages scroll: reachable by keyboard.
    passage.tabIndex = 0;
    const open = link('about:blank', 'Open the page');
    open.rel = 'noopener noreferrer';
    open.className = 'sb-source-open';
    box.append(head, title, where, passage, open);
    box.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      this.closeSource();
    });
    return { box, kicker, title, where, passage, open, close };
  }

  private openSource(key: string, n: number): void {
    const item = this.items.find((candidate) => candidate.key === key);
    const citation = item ? citationsOfItem(item).find((candidate) => candidate.n === n) : undefined;
    if (!citation) return;
    const { box, kicker, title, where, passage, open, close } = this.source;
    kicker.textContent = `Source ${citation.n}`;
    title.textContent = citation.title;
    where.textContent = locationOf(citation);
    where.hidden = where.textContent === '';
    passage.textContent = citation.snippet || 'No passage was kept for this source.';
    const href = linkOf(citation);
    open.hidden = href === null;
    open.href = href ?? 'about:blank';
    this.sourceShown = { key, n };
    box.hidden = false;
    close.focus();
  }

  /** Closes the source's passage, if it is open (Esc closes it before the chat); focus goes back to what opened it. */
  closeSource(): boolean {
    if (this.source.box.hidden) return false;
    this.source.box.hidden = true;
    const shown = this.sourceShown;
    this.sourceShown = null;
    const buttons = [...this.log.querySelectorAll<HTMLButtonElement>('button[data-cite-n]')];
    const opener = shown ? buttons.find((button) => button.dataset.citeKey === shown.key && button.dataset.citeN === String(shown.n)) : undefined;
    (opener ?? this.input).focus();
    return true;
  }

  show(): void {
    this.panel.hidden = false;
    this.scrollToEnd();
  }

  hide(): void {
    this.closeSource();
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
    this.items = state.items;
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
    if (state.attachments !== this.attachments) this.renderChips(state.attachments);
    const disabled = state.disabledReason !== null;
    if (disabled !== this.disabled) {
      // Two rows, so the explanation in the placeholder can be read whole.
      this.input.rows = disabled ? 2 : 1;
      this.input.style.height = '';
      this.panel.classList.toggle('sb-blocked', disabled);
    }
    this.disabled = disabled;
    this.input.disabled = disabled;
    this.clipButton.disabled = disabled;
    this.input.placeholder = state.disabledReason ?? this.config.placeholder;
    this.updateControls();

    if (nearEnd) this.scrollToEnd();
  }

  private submit(): void {
    if (this.sendButton.disabled) return;
    this.handlers.send(this.input.value);
  }

  /** Chips by key: a chip whose file moved on changes in place, so a focused Remove button keeps focus. */
  private renderChips(attachments: readonly Attachment[]): void {
    this.attachments = attachments;
    const keep = new Set(attachments.map((attachment) => attachment.key));
    for (const [key, chip] of this.chips) {
      if (keep.has(key)) continue;
      chip.node.remove();
      this.chips.delete(key);
    }
    for (const attachment of attachments) {
      let chip = this.chips.get(attachment.key);
      if (!chip) {
        const node = el('li');
        const label = el('span', 'sb-chip-state');
        const remove = el('button', 'sb-chip-remove');
        remove.type = 'button';
        remove.setAttribute('aria-label', `Remove ${attachment.name}`);
        remove.innerHTML = CLOSE_ICON;
        remove.addEventListener('click', () => {
          this.handlers.removeAttachment(attachment.key);
          this.input.focus();
        });
        node.append(el('span', 'sb-chip-name', attachment.name), label, remove);
        chip = { attachment, node, label };
        this.chips.set(attachment.key, chip);
        this.chipList.appendChild(node);
      }
      if (chip.attachment.state !== attachment.state || chip.node.className === '') this.chipStatus.textContent = `${attachment.name}: ${chipLabel(attachment)}`;
      chip.attachment = attachment;
      chip.node.className = `sb-chip sb-chip-${attachment.state}`;
      chip.node.title = `${attachment.name} · ${chipLabel(attachment)}`;
      chip.label.textContent = chipLabel(attachment);
    }
    this.chipList.hidden = attachments.length === 0;
  }

  private updateControls(): void {
    const length = this.input.value.length;
    const waitingForFiles = uploading(this.attachments);
    this.sendButton.disabled = this.disabled || this.answering || waitingForFiles || this.input.value.trim() === '';
    this.sendButton.title = this.disabled ? '' : this.answering ? 'Wait for the answer to finish' : waitingForFiles ? 'Wait for the upload to finish' : '';
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
    const citations = citationsOfItem(item);
    if (item.text) {
      const bubble = el('div', 'sb-bubble');
      if (citations.length > 0) fillCited(bubble, item.text, citations, item.key);
      else fillText(bubble, item.text);
      node.appendChild(bubble);
    }
    if (item.attachments?.length) {
      const files = el('div', 'sb-attached');
      files.setAttribute('aria-label', 'Attached files');
      for (const file of item.attachments) files.appendChild(el('span', 'sb-att', file.name));
      node.appendChild(files);
    }
    if (item.answer) answerExtras(node, item.answer);
    if (citations.length > 0) node.appendChild(sourceList(citations, item.key));
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
