/**
 * widget-chat.js: the conversation, loaded by widget.js on the first click. It keeps the visitor's
 * session, shows the transcript, streams AI answers over SSE (re-attaching after a reload), and
 * follows operator messages, mode changes and typing over the realtime socket.
 */
import { applyAnswerEvent, isFinished, newAnswer, type AnswerView } from './answer';
import { readAnswerEvents, type AnswerEvent } from './answer-stream';
import { admitFiles, attachedIds, chipStateOf, formatSize, updateAttachment, uploading, type AttachLimits, type Attachment } from './attachments';
import { CHAT_CSS } from './chat-styles';
import { AI_NAME, ChatView, isWriting, type ViewState } from './chat-view';
import { MOUNT_GLOBAL, type ChatHost, type ChatInstance, type MessageStatus, type MountChat, type SessionMode, type Transcript, type WidgetMessage } from './contract';
import { followSession, type Publication, type RealtimeStatus, type SessionFollower } from './realtime';
import { pageStorage, WidgetMemory } from './session';
import { retryPhrase } from './text';
import { acceptLocal, answerToResume, isFinalStatus, mergeTranscript, messageOf, upsertMessage, type ChatItem } from './transcript';
import { TypingIndicator, TypingPublisher } from './typing';
import { WidgetApi, WidgetApiError } from './widget-api';

const DEFAULT_MAX_LENGTH = 4000;
const PAGE_URL_MAX = 500;
/** Re-attaching to an answer whose stream broke: this many tries, backing off. */
const RESUME_ATTEMPTS = 5;
/** How often an answer's resume point is written to localStorage while it streams. */
const SNAPSHOT_MS = 400;
/** When a 429 carries no readable Retry-After, the composer waits this long. */
const DEFAULT_BLOCK_S = 60;
/** What a server that does not say its upload limits accepts (its defaults). */
const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_ATTACHMENTS = 5;
/** How often an attached file being read is asked after, and for how long at most. */
const FILE_POLL_MS = 1500;
const FILE_POLL_FOR_MS = 5 * 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => window.setTimeout(resolve, ms));

function pageUrl(): string {
  const { origin, pathname, search } = window.location;
  return `${origin}${pathname}${search}`.slice(0, PAGE_URL_MAX);
}

class WidgetChat implements ChatInstance {
  private readonly api: WidgetApi;
  private readonly memory: WidgetMemory;
  private readonly view: ChatView;
  private readonly style: HTMLStyleElement;
  private readonly typingOut: TypingPublisher;
  private readonly typingIn: TypingIndicator;
  private readonly hadSession: boolean;

  private items: ChatItem[] = [];
  private mode: SessionMode = 'ai';
  private operatorName: string | null = null;
  private sessionKnown = false;
  private loadStarted = false;
  private loading = false;
  private realtime: SessionFollower | null = null;
  private connection: RealtimeStatus = 'off';
  private presence = 0;
  private handoffBusy = false;
  /** Sends whose answer has not announced itself (`started`) yet. */
  private awaitingStart = 0;
  /** `answer` publications that came while a send of ours was awaiting its `started`. */
  private deferredAnswers: Array<{ messageId: string; trackId: string }> = [];
  /** Answers being followed, by track. */
  private readonly streams = new Map<string, AbortController>();
  private readonly snapshotTimers = new Map<string, number>();
  private readonly announced = new Set<string>();
  private unread = 0;
  private blockedUntil = 0;
  private blockedText: string | null = null;
  private blockTimer: number | undefined;
  private switchedOff: string | null = null;
  private localKeys = 0;
  /** Files for the next message, and the uploads and polls still running for them, by chip key. */
  private attachments: Attachment[] = [];
  private readonly fileWork = new Map<string, AbortController>();
  private readonly attachLimits: AttachLimits;
  private renderQueued = false;
  private destroyed = false;
  private readonly onViewport = (): void => this.fitViewport();
  private readonly onPageHide = (): void => this.flushSnapshots();

  constructor(private readonly host: ChatHost) {
    this.memory = new WidgetMemory(pageStorage(), host.widgetId);
    this.hadSession = this.memory.storedSession() !== null;
    this.api = new WidgetApi(host.origin, host.widgetId, this.memory.session());
    this.typingOut = new TypingPublisher((text) => this.realtime?.publishTyping(text));
    this.typingIn = new TypingIndicator(() => this.scheduleRender());

    this.style = document.createElement('style');
    this.style.textContent = CHAT_CSS;
    host.root.prepend(this.style);

    const maxLength = host.limits?.messageMaxLength ?? DEFAULT_MAX_LENGTH;
    this.attachLimits = { maxBytes: host.limits?.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES, maxCount: host.limits?.attachmentsPerMessage ?? DEFAULT_ATTACHMENTS };
    this.view = new ChatView(
      host.config,
      { maxLength, noticeDismissed: this.memory.noticeDismissed(), panelId: `switchboard-panel-${host.widgetId}` },
      {
        send: (text) => void this.send(text),
        retry: (key) => this.retry(key),
        close: () => this.close(),
        handoff: () => void this.handoff(),
        dismissNotice: () => this.memory.dismissNotice(),
        draft: (text) => this.typingOut.input(text),
        attach: (files) => this.attach(files),
        removeAttachment: (key) => this.removeAttachment(key),
      },
    );
    this.view.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        // An open source closes first; the chat on the next Esc.
        if (!this.view.closeSource()) this.close();
      }
    });
    host.container.appendChild(this.view.panel);
    host.launcher.setAttribute('aria-controls', this.view.panel.id);
    window.addEventListener('pagehide', this.onPageHide);
    this.render();
  }

  // --- ChatInstance ---------------------------------------------------------------------------

  open(): void {
    if (this.destroyed || this.view.visible) return;
    this.view.show();
    this.host.setOpen(true);
    this.unread = 0;
    this.host.setUnread(0);
    window.visualViewport?.addEventListener('resize', this.onViewport);
    window.visualViewport?.addEventListener('scroll', this.onViewport);
    this.fitViewport();
    if (!this.loadStarted) {
      this.loadStarted = true;
      void this.loadTranscript(true);
    }
    this.render();
    // On touch screens focusing the composer would throw the keyboard over the conversation at once.
    if (window.matchMedia('(pointer: fine)').matches) this.view.input.focus({ preventScroll: true });
    else this.view.panel.focus({ preventScroll: true });
  }

  close(): void {
    if (!this.view.visible) return;
    // Focus inside the panel goes back to the launcher; focus elsewhere on the page stays put.
    const focusInside = this.view.panel.contains(this.host.root.activeElement);
    this.view.hide();
    this.host.setOpen(false);
    window.visualViewport?.removeEventListener('resize', this.onViewport);
    window.visualViewport?.removeEventListener('scroll', this.onViewport);
    if (focusInside) this.host.launcher.focus();
  }

  isOpen(): boolean {
    return this.view.visible;
  }

  destroy(): void {
    this.destroyed = true;
    this.flushSnapshots();
    for (const controller of this.streams.values()) controller.abort();
    this.streams.clear();
    for (const controller of this.fileWork.values()) controller.abort();
    this.fileWork.clear();
    this.realtime?.close();
    this.realtime = null;
    this.typingOut.cancel();
    this.typingIn.stop();
    window.clearTimeout(this.blockTimer);
    window.removeEventListener('pagehide', this.onPageHide);
    window.visualViewport?.removeEventListener('resize', this.onViewport);
    window.visualViewport?.removeEventListener('scroll', this.onViewport);
    this.view.panel.remove();
    this.style.remove();
  }

  // --- transcript and session -----------------------------------------------------------------

  /** Loads (or, on a resync, reloads) the transcript; a 404 means the session does not exist yet. */
  private async loadTranscript(initial: boolean): Promise<void> {
    if (initial && !this.hadSession) return;
    if (initial) {
      this.loading = true;
      this.render();
    }
    try {
      const transcript = await this.api.transcript();
      if (this.destroyed || transcript === null) return;
      this.applyTranscript(transcript, initial);
    } catch (error) {
      if (initial && !this.destroyed) this.notice(this.describe(error, 'Earlier messages could not be loaded.'), 'failed');
    } finally {
      this.loading = false;
      this.render();
    }
  }

  private applyTranscript(transcript: Transcript, initial: boolean): void {
    this.items = mergeTranscript(this.items, transcript.messages);
    this.setMode(transcript.session.mode);
    // What was there before the widget opened is history, not news for onMessage or the badge.
    if (initial) for (const item of this.items) if (item.id && isFinalStatus(item.status)) this.announced.add(item.id);
    this.sessionExists();
    // While a send of ours awaits its `started`, an unfinished answer may be that one: its own stream follows it.
    const unfinished = this.awaitingStart === 0 ? answerToResume(this.items) : null;
    if (unfinished?.trackId && !this.streams.has(unfinished.trackId)) void this.follow(unfinished.key, unfinished.trackId, 'resume');
    this.changed();
  }

  /** The server knows the session: follow its channels and publish typing from now on. */
  private sessionExists(): void {
    this.sessionKnown = true;
    this.typingOut.enable();
    if (this.realtime || this.destroyed) return;
    this.realtime = followSession(this.api, {
      onSession: (publication) => this.onPublication(publication),
      onTyping: (data) => this.typingIn.notice(data),
      onResync: () => void this.loadTranscript(false),
      onStatus: (status) => {
        this.connection = status;
        this.scheduleRender();
      },
    });
  }

  private setMode(mode: unknown): void {
    if (mode === 'ai' || mode === 'waiting' || mode === 'human') this.mode = mode;
    if (this.mode === 'human') {
      const named = [...this.items].reverse().find((item) => item.role === 'operator' && item.operatorName);
      if (named?.operatorName && !this.operatorName) this.operatorName = named.operatorName;
    }
  }

  // --- realtime -------------------------------------------------------------------------------

  private onPublication(publication: Publication): void {
    const data = (typeof publication.data === 'object' && publication.data !== null ? publication.data : {}) as Record<string, unknown>;
    switch (publication.type) {
      case 'message': {
        const message = data as unknown as WidgetMessage;
        if (typeof message.id !== 'string' || typeof message.role !== 'string') return;
        if (message.role === 'operator') this.typingIn.stop();
        this.items = upsertMessage(this.items, message, { live: true });
        // A finished answer arrived whole: its stream has nothing more to say.
        if (message.role === 'ai' && isFinalStatus(message.status) && message.trackId) this.stopFollowing(message.trackId);
        break;
      }
      case 'answer': {
        if (typeof data.messageId === 'string' && typeof data.trackId === 'string') this.answerStarted({ messageId: data.messageId, trackId: data.trackId });
        break;
      }
      case 'takeover':
        this.mode = 'human';
        if (typeof data.operatorName === 'string' && data.operatorName) this.operatorName = data.operatorName;
        break;
      case 'handback':
        this.mode = 'ai';
        this.operatorName = null;
        break;
      case 'handoff':
        if (this.mode === 'ai') this.mode = 'waiting';
        break;
      case 'presence':
        if (typeof data.operators === 'number') this.presence = data.operators;
        break;
      default:
        return;
    }
    this.changed();
  }

  /** An answer started (in another tab, or ours announced before our own stream said so): follow it. */
  private answerStarted(answer: { messageId: string; trackId: string }): void {
    if (this.awaitingStart > 0) {
      this.deferredAnswers.push(answer);
      return;
    }
    if (this.streams.has(answer.trackId)) return;
    const existing = this.items.find((item) => item.id === answer.messageId);
    if (existing && isFinalStatus(existing.status)) return;
    const key = existing?.key ?? this.addAnswerItem(answer.messageId, answer.trackId);
    void this.follow(key, answer.trackId, 'resume');
  }

  private addAnswerItem(messageId: string, trackId: string): string {
    this.items = [...this.items, { key: messageId, id: messageId, role: 'ai', text: '', createdAt: new Date().toISOString(), status: 'pending', trackId }];
    return messageId;
  }

  // --- sending --------------------------------------------------------------------------------

  private async send(raw: string): Promise<void> {
    const text = raw.trim();
    if (!text || this.composerDisabled() || this.answering() || uploading(this.attachments)) return;
    const key = `local:${++this.localKeys}`;
    const ids = new Set(attachedIds(this.attachments));
    const attachments = this.attachments.filter((chip) => chip.fileId !== null && ids.has(chip.fileId)).map((chip) => ({ id: chip.fileId as string, name: chip.name }));
    this.items = [...this.items, { key, id: null, role: 'visitor', text, createdAt: new Date().toISOString(), delivery: 'sending', ...(attachments.length > 0 ? { attachments } : {}) }];
    // The files go with this message: their chips (and any still being polled) are done.
    for (const controller of this.fileWork.values()) controller.abort();
    this.fileWork.clear();
    this.attachments = [];
    this.view.clearInput();
    this.typingOut.input('');
    this.changed();
    this.view.scrollToEnd();
    await this.deliver(key, text, attachments.map((file) => file.id));
  }

  private retry(key: string): void {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item || item.delivery !== 'failed' || this.composerDisabled() || this.answering()) return;
    this.items = this.items.map((candidate) => (candidate.key === key ? { ...candidate, delivery: 'sending' as const } : candidate));
    this.changed();
    void this.deliver(key, item.text, (item.attachments ?? []).map((file) => file.id));
  }

  // --- attachments ----------------------------------------------------------------------------

  private attach(files: File[]): void {
    if (files.length === 0 || this.composerDisabled()) return;
    const chips = admitFiles(files, this.attachments, this.attachLimits, () => `att:${++this.localKeys}`);
    this.attachments = [...this.attachments, ...chips];
    chips.forEach((chip, index) => {
      if (chip.state === 'uploading') void this.uploadFile(chip.key, files[index]);
    });
    this.changed();
  }

  private removeAttachment(key: string): void {
    this.fileWork.get(key)?.abort();
    this.fileWork.delete(key);
    this.attachments = this.attachments.filter((chip) => chip.key !== key);
    this.changed();
  }

  private setAttachment(key: string, change: Partial<Attachment>): void {
    const next = updateAttachment(this.attachments, key, change);
    if (next === this.attachments) return;
    this.attachments = next;
    this.scheduleRender();
  }

  /** Uploads one chip's file, then follows the server reading it until it is ready or failed. */
  private async uploadFile(key: string, file: File): Promise<void> {
    const controller = new AbortController();
    this.fileWork.set(key, controller);
    try {
      const stored = await this.api.upload(file, file.name, (percent) => this.setAttachment(key, { percent }), controller.signal);
      let state = chipStateOf(stored.state);
      this.setAttachment(key, { fileId: stored.id, state, error: state === 'failed' ? 'Could not be read' : null });
      const deadline = Date.now() + FILE_POLL_FOR_MS;
      while (state === 'reading' && Date.now() < deadline) {
        await sleep(FILE_POLL_MS);
        if (controller.signal.aborted) return;
        state = chipStateOf((await this.api.file(stored.id, controller.signal)).state);
        this.setAttachment(key, { state, error: state === 'failed' ? 'Could not be read' : null });
      }
    } catch (error) {
      if (controller.signal.aborted || this.destroyed) return;
      const chip = this.attachments.find((candidate) => candidate.key === key);
      // A poll that failed after the upload leaves the file attached: the answer reads it anyway.
      if (chip?.fileId) return;
      this.setAttachment(key, { state: 'failed', error: this.uploadError(error) });
    } finally {
      if (this.fileWork.get(key) === controller) this.fileWork.delete(key);
    }
  }

  private uploadError(error: unknown): string {
    if (!(error instanceof WidgetApiError)) return 'Upload failed';
    if (error.status === 0) return 'Upload failed: no connection';
    if (error.status === 413) return `Too large: files up to ${formatSize(this.attachLimits.maxBytes)}`;
    if (error.status === 415) return 'This type of file is not accepted';
    if (error.code === 'WIDGET_INACTIVE') return 'This chat is switched off';
    return error.message || 'Upload failed';
  }

  private async deliver(key: string, text: string, fileIds: readonly string[] = []): Promise<void> {
    this.awaitingStart++;
    let started = false;
    const markStarted = (): void => {
      if (started) return;
      started = true;
      this.awaitingStart--;
      const deferred = this.deferredAnswers;
      this.deferredAnswers = [];
      for (const answer of deferred) this.answerStarted(answer);
    };
    try {
      const result = await this.api.send(text, pageUrl(), fileIds);
      if (this.destroyed) return;
      this.sessionExists();
      if (result.kind === 'held') {
        // A person handles the session: the message is stored and shown to them, no AI answer comes.
        markStarted();
        this.items = upsertMessage(acceptLocal(this.items, key, result.message.id, result.message.createdAt), result.message, { live: true });
        this.setMode(result.mode);
        this.changed();
        return;
      }
      await this.consumeSend(key, result.response, markStarted);
    } catch (error) {
      if (this.destroyed) return;
      this.sendFailed(key, error);
    } finally {
      markStarted();
    }
  }

  /** Reads the answer stream of a message just sent; `started` names the message and the answer. */
  private async consumeSend(key: string, response: Response, onStarted: () => void): Promise<void> {
    const controller = new AbortController();
    let answerKey: string | null = null;
    let trackId: string | null = null;
    const early: AnswerEvent[] = [];
    try {
      await readAnswerEvents(
        response,
        (event) => {
          if (event.name === 'started' && !answerKey) {
            const data = (event.data ?? {}) as { trackId?: unknown; messageId?: unknown; userMessageId?: unknown };
            if (typeof data.trackId !== 'string' || typeof data.messageId !== 'string') return;
            trackId = data.trackId;
            if (typeof data.userMessageId === 'string') this.items = acceptLocal(this.items, key, data.userMessageId);
            else this.accepted(key);
            const existing = this.items.find((item) => item.id === data.messageId);
            answerKey = existing?.key ?? this.addAnswerItem(data.messageId, trackId);
            // Someone else may already follow it (a reload raced us): this stream, from the start, takes over.
            this.stopFollowing(trackId);
            this.streams.set(trackId, controller);
            this.updateAnswer(answerKey, () => newAnswer({ trackId: trackId ?? undefined, messageId: data.messageId as string }));
            onStarted();
          }
          if (!answerKey) {
            early.push(event);
            return;
          }
          this.applyEvent(answerKey, event);
        },
        controller.signal,
      );
    } catch (error) {
      if (controller.signal.aborted) return;
      throw error;
    }
    if (!answerKey || !trackId) {
      // Accepted, but the stream ended before the answer announced itself: the transcript knows.
      this.accepted(key);
      const failure = early.find((event) => event.name === 'error');
      if (failure) this.notice(this.describe(failure.data, 'The answer could not be started.'), 'failed');
      this.changed();
      void this.loadTranscript(false);
      return;
    }
    if (!this.finished(answerKey)) await this.follow(answerKey, trackId, 'continue');
    else this.streamEnded(trackId, controller);
  }

  private accepted(key: string): void {
    this.items = this.items.map((item) => {
      if (item.key !== key || item.delivery === undefined) return item;
      const next = { ...item };
      delete next.delivery;
      return next;
    });
  }

  private sendFailed(key: string, error: unknown): void {
    this.items = this.items.map((item) => (item.key === key ? { ...item, delivery: 'failed' as const } : item));
    const failure = error instanceof WidgetApiError ? error : null;
    if (failure?.status === 429) {
      this.notice(failure.message || 'You are sending messages too quickly.', 'failed');
      if (failure.code === 'RATE_LIMITED') this.block(failure.retryAfter ?? DEFAULT_BLOCK_S);
    } else if (failure?.code === 'WIDGET_INACTIVE') {
      this.switchOff('This chat has been switched off.');
    } else if (failure?.code === 'ATTACHMENT_UNKNOWN') {
      this.notice('A file attached to your message is no longer available. Send it again without it, or attach it again.', 'failed');
    } else if (failure?.status === 403 || failure?.status === 404) {
      this.switchOff('This chat is not available on this page.');
    } else {
      this.notice(this.describe(error, 'Your message could not be sent.'), 'failed');
    }
    this.changed();
  }

  private block(seconds: number): void {
    this.blockedUntil = Date.now() + seconds * 1000;
    this.blockedText = `Message limit reached. You can write again ${retryPhrase(seconds)}.`;
    window.clearTimeout(this.blockTimer);
    this.blockTimer = window.setTimeout(() => {
      this.blockedText = null;
      this.render();
    }, Math.min(seconds * 1000, 2 ** 31 - 1));
  }

  private switchOff(text: string): void {
    this.switchedOff = text;
    this.notice(text, 'failed');
    for (const trackId of [...this.streams.keys()]) this.stopFollowing(trackId);
    for (const item of this.items) if (isWriting(item)) this.settleUnfollowed(item.key);
  }

  // --- following answers ----------------------------------------------------------------------

  /**
   * Follows an answer until its final event: `continue` re-attaches after the stream of a send
   * broke; `resume` attaches to one already under way (after a reload, from another tab), from the
   * resume point kept in localStorage when there is one, else replayed from its start.
   */
  private async follow(key: string, trackId: string, how: 'continue' | 'resume'): Promise<void> {
    const controller = this.streams.get(trackId) ?? new AbortController();
    this.streams.set(trackId, controller);
    if (how === 'resume') {
      const snapshot = this.memory.loadTrack(trackId);
      const item = this.items.find((candidate) => candidate.key === key);
      this.updateAnswer(key, () =>
        snapshot
          ? newAnswer({ trackId, messageId: item?.id ?? undefined, text: snapshot.text, cards: snapshot.cards, replyNode: snapshot.replyNode, lastEventId: snapshot.lastEventId })
          : newAnswer({ trackId, messageId: item?.id ?? undefined }),
      );
    }
    for (let attempt = 0; attempt < RESUME_ATTEMPTS && !controller.signal.aborted; attempt++) {
      if (attempt > 0 || how === 'continue') await sleep(Math.min(500 * 2 ** attempt, 8_000));
      if (controller.signal.aborted || this.finished(key)) break;
      const lastEventId = this.answerOf(key)?.lastEventId ?? null;
      try {
        const response = await this.api.stream(trackId, lastEventId, controller.signal);
        await readAnswerEvents(response, (event) => this.applyEvent(key, event), controller.signal);
        if (this.finished(key)) break;
      } catch (error) {
        if (controller.signal.aborted) break;
        if (error instanceof WidgetApiError && error.code === 'INVALID_LAST_EVENT_ID') {
          // The resume point is not one the track knows: replay it whole instead.
          this.updateAnswer(key, () => newAnswer({ trackId, messageId: this.items.find((item) => item.key === key)?.id ?? undefined }));
          continue;
        }
        if (error instanceof WidgetApiError && (error.status === 404 || error.status === 403)) break;
      }
    }
    if (!this.finished(key) && !controller.signal.aborted && !this.destroyed) {
      // The track is gone or unreachable: the stored transcript has the last word.
      this.settleUnfollowed(key);
      void this.loadTranscript(false);
    }
    this.streamEnded(trackId, controller);
  }

  private applyEvent(key: string, event: AnswerEvent): void {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item?.answer) return;
    if (isFinalStatus(item.status) && item.status !== undefined) {
      // Finished by a publication or a reload: the stream adds nothing.
      if (item.trackId) this.stopFollowing(item.trackId);
      return;
    }
    const answer = applyAnswerEvent(item.answer, event.name, event.data, event.id);
    if (answer === item.answer) return;
    this.updateAnswer(key, () => answer);
    if (isFinished(answer.status)) {
      if (answer.trackId) this.memory.dropTrack(answer.trackId);
    } else if (answer.trackId && answer.lastEventId) this.scheduleSnapshot(answer.trackId, key);
  }

  private updateAnswer(key: string, next: (current: AnswerView | undefined) => AnswerView): void {
    this.items = this.items.map((item) => {
      if (item.key !== key) return item;
      const answer = next(item.answer);
      const status: MessageStatus = answer.status;
      return { ...item, answer, text: answer.text, status, ...(answer.trackId ? { trackId: answer.trackId } : {}) };
    });
    this.changed();
  }

  private answerOf(key: string): AnswerView | undefined {
    return this.items.find((item) => item.key === key)?.answer;
  }

  private finished(key: string): boolean {
    const item = this.items.find((candidate) => candidate.key === key);
    return !item || isFinalStatus(item.status);
  }

  /** An answer that can no longer be followed stops looking busy: what it has stays. */
  private settleUnfollowed(key: string): void {
    this.items = this.items.map((item) => {
      if (item.key !== key || isFinalStatus(item.status)) return item;
      const next: ChatItem = { ...item, status: item.text ? 'stopped' : 'failed' };
      delete next.answer;
      return next;
    });
    this.changed();
  }

  private stopFollowing(trackId: string): void {
    const controller = this.streams.get(trackId);
    if (!controller) return;
    controller.abort();
    this.streamEnded(trackId, controller);
  }

  /** A follower of the track is done; a newer one that took over is left alone. */
  private streamEnded(trackId: string, controller: AbortController): void {
    if (this.streams.get(trackId) !== controller) return;
    this.streams.delete(trackId);
    window.clearTimeout(this.snapshotTimers.get(trackId));
    this.snapshotTimers.delete(trackId);
    const item = this.items.find((candidate) => candidate.trackId === trackId);
    if (!item || isFinalStatus(item.status)) this.memory.dropTrack(trackId);
    this.changed();
  }

  private scheduleSnapshot(trackId: string, key: string): void {
    if (this.snapshotTimers.has(trackId)) return;
    this.snapshotTimers.set(
      trackId,
      window.setTimeout(() => {
        this.snapshotTimers.delete(trackId);
        this.saveSnapshot(trackId, key);
      }, SNAPSHOT_MS),
    );
  }

  private saveSnapshot(trackId: string, key: string): void {
    const answer = this.answerOf(key);
    if (!answer?.lastEventId || isFinished(answer.status)) return;
    this.memory.saveTrack(trackId, { lastEventId: answer.lastEventId, text: answer.text, cards: answer.cards, replyNode: answer.replyNode });
  }

  private flushSnapshots(): void {
    for (const [trackId, timer] of this.snapshotTimers) {
      window.clearTimeout(timer);
      const item = this.items.find((candidate) => candidate.trackId === trackId);
      if (item) this.saveSnapshot(trackId, item.key);
    }
    this.snapshotTimers.clear();
  }

  // --- a person -------------------------------------------------------------------------------

  private async handoff(): Promise<void> {
    if (this.handoffBusy) return;
    if (!this.sessionKnown) {
      this.notice('Write your question first; then a person can join the conversation.', 'info');
      this.changed();
      this.view.input.focus();
      return;
    }
    this.handoffBusy = true;
    this.render();
    try {
      this.setMode(await this.api.humanHandoff());
    } catch (error) {
      const failure = error instanceof WidgetApiError ? error : null;
      if (failure?.code === 'WIDGET_INACTIVE') this.switchOff('This chat has been switched off.');
      else this.notice(failure?.status === 429 && failure.message ? failure.message : 'Your request for a person could not be sent. Please try again.', 'failed');
    } finally {
      this.handoffBusy = false;
      this.changed();
    }
  }

  // --- state → view ---------------------------------------------------------------------------

  private notice(text: string, kind: 'failed' | 'info'): void {
    const key = `local:${++this.localKeys}`;
    this.items = [...this.items, { key, id: null, role: 'notice', text, createdAt: new Date().toISOString(), status: kind === 'failed' ? 'failed' : 'complete' }];
  }

  private describe(error: unknown, fallback: string): string {
    if (error instanceof WidgetApiError && error.status === 0) return 'The chat could not be reached. Check your connection and try again.';
    if (error instanceof WidgetApiError && error.status === 429 && error.message) return error.message;
    return fallback;
  }

  private answering(): boolean {
    // One answer per session at a time: in AI mode a second message would be refused.
    return this.mode === 'ai' && (this.awaitingStart > 0 || this.items.some(isWriting));
  }

  private composerDisabled(): boolean {
    return this.switchedOff !== null || (this.blockedText !== null && Date.now() < this.blockedUntil);
  }

  /** Something changed: tell the page about new messages, then draw (once per frame). */
  private changed(): void {
    this.announce();
    this.scheduleRender();
  }

  private announce(): void {
    for (const item of this.items) {
      if (!item.id || this.announced.has(item.id) || item.delivery !== undefined || !isFinalStatus(item.status)) continue;
      const message = messageOf(item);
      if (!message) continue;
      this.announced.add(item.id);
      if (!this.view.visible && (item.role === 'operator' || item.role === 'ai')) this.host.setUnread(++this.unread);
      this.host.emitMessage(message);
    }
  }

  private scheduleRender(): void {
    if (this.renderQueued || this.destroyed) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    if (this.destroyed) return;
    const available = this.host.operatorsOnline || this.presence > 0;
    let status: ViewState['status'] = null;
    if (this.mode === 'human') status = { text: `You are chatting with ${this.operatorName ?? 'a person'}.`, available: false };
    else if (this.mode === 'waiting') status = { text: 'You asked for a person. Keep writing here: they will see your messages.', available: false };
    else if (available) status = { text: 'A person is available', available: true };

    const writing = this.items.some(isWriting) || (this.mode === 'ai' && this.awaitingStart > 0);
    const typing = this.typingIn.active ? `${this.mode === 'human' && this.operatorName ? this.operatorName : 'Someone'} is typing…` : writing ? `${AI_NAME} is typing…` : null;
    const blocked = this.blockedText !== null && Date.now() < this.blockedUntil ? this.blockedText : null;

    this.view.render({
      items: this.items,
      status,
      reconnecting: this.connection === 'reconnecting',
      typing,
      showHandoff: this.host.config.humanHandoff && this.mode === 'ai' && this.switchedOff === null,
      handoffBusy: this.handoffBusy,
      disabledReason: this.switchedOff ?? blocked,
      answering: this.answering(),
      loading: this.loading,
      attachments: this.attachments,
    });
  }

  /** On phones the panel follows the visual viewport, so the on-screen keyboard never hides the composer. */
  private fitViewport(): void {
    const viewport = window.visualViewport;
    const panel = this.view.panel;
    if (!viewport || !window.matchMedia('(max-width: 768px)').matches) {
      panel.style.removeProperty('--sb-vv-height');
      panel.style.removeProperty('--sb-vv-top');
      return;
    }
    panel.style.setProperty('--sb-vv-height', `${viewport.height}px`);
    panel.style.setProperty('--sb-vv-top', `${viewport.offsetTop}px`);
    this.view.scrollToEnd();
  }
}

const mountChat: MountChat = (host) => new WidgetChat(host);
(window as Window & { [MOUNT_GLOBAL]?: MountChat })[MOUNT_GLOBAL] = mountChat;
