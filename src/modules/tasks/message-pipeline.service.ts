import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName, type JobPayload } from '../../infra/queue/jobs';
import { TrackControlService, TurnAbandoned, type WatchedTrack } from '../../infra/stream/track-control.service';
import { VectorStore } from '../../infra/vector-store/vector-store';
import type { TokenUsage } from '../ai/ai.types';
import { observeGenerations } from '../ai/generation-observer';
import { AnswerDeliveries } from '../chat/answer-deliveries';
import { AnswerRecorder, type Turn } from '../chat/answer-recorder.service';
import { AnswerStream } from '../chat/answer-stream';
import type { Channel } from '../chat/chat.entity';
import { continuationHistory, CONTINUE_INSTRUCTION } from '../chat/continuation';
import { ConversationContextService, type ConversationContext } from '../chat/conversation-context.service';
import { GenerationSlots } from '../chat/generation-slots.service';
import type { Message, UsedMemory } from '../chat/message.entity';
import type { StreamEventMap } from '../chat/stream.events';
import { rowsFrom } from '../chat/turn-snapshot';
import { feedbackForPrompt } from '../feedback/feedback-prompt';
import { FeedbackService } from '../feedback/feedback.service';
import type { FileDto } from '../files/dto/file.dto';
import { FilesService } from '../files/files.service';
import { KnowledgeFiles } from '../knowledge/knowledge-files.service';
import { KnowledgeSearch, type Retrieval } from '../knowledge/knowledge-search.service';
import { memoriesForPrompt } from '../memory/memory-actions';
import { MemoryService } from '../memory/memory.service';
import { PlannerService } from '../planner/planner.service';
import { UserChannel } from '../realtime/user-channel.service';
import type { Plan } from '../planner/plan';
import { needsPlan, type Classification } from '../routing/classification';
import { RoutingService } from '../routing/routing.service';
import { RoutingSettingsService } from '../routing/routing-settings.service';
import { TaskPromptsService, type EffectiveTaskPrompt } from '../routing/task-prompts.service';
import { WidgetsService } from '../widgets/widgets.service';
import { AnswerReasoning } from './answer-reasoning';
import { ChatCapability } from './capabilities/chat.capability';
import type { NodeResult, ResolvedInputs, TurnKnowledge } from './capabilities/capability';
import { ComposeReplyCapability } from './capabilities/compose-reply.capability';
import { CitationLedger } from './citations';
import { EventSink, type AnswerEvents } from './event-sink';
import { describeFailure } from './failures';
import { PlanExecutor, type ExecutionObserver, type NodeBase } from './plan-executor';
import { PlanProgress, type SavedProgress } from './plan-progress';
import { searchThenAnswer, useSearchProvider } from './search/search-plan';
import { SpeculativeAnswer } from './speculative-answer';
import { WebSearch } from './search/web-search.service';

type ProcessMessage = JobPayload<JobName.ProcessMessage>;

/**
 * How long a question waits for its attachments to be read and indexed before it is answered
 * without the ones still unread (a very long document, a stuck worker), saying so.
 */
const ATTACHMENT_WAIT_MS = 120_000;
/** The pseudo step that shows "reading your file…" while a question waits for its attachments. */
const READ_FILES_NODE = 'files';
/**
 * Where the person writing is the account's user, whose memories and feedback these are. On a
 * widget, WhatsApp or e-mail the writer is a visitor or contact of the owner: what they say is not
 * the owner's to remember, nor the owner's memories theirs to be told.
 */
const PERSONAL_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['web', 'api']);

/**
 * The generation slot a run of a turn holds (see SlotHolder): given back once as the turn ends,
 * and again by nobody, as every way out of the run makes sure it went back.
 */
class HeldSlot {
  private given: Promise<void> | null = null;

  constructor(
    private readonly slots: GenerationSlots,
    private readonly holder: string,
    private readonly trackId: string,
  ) {}

  giveBack(): Promise<void> {
    this.given ??= this.slots.release(this.holder, this.trackId);
    return this.given;
  }
}

/**
 * A turn as the pipeline runs it: with the generation slot it holds, and whether it is stored
 * (committed, and still pending), which everything shown or written waits for.
 */
type RunningTurn = Turn & { slot: HeldSlot; stored: Promise<boolean> };

/** What `reset` tells the clients when a rerun starts the answer again. */
const WORKER_DIED = 'The server answering stopped; the answer starts again.';

/** How an answer ends when its workers keep dying: BullMQ gave up running it again (see `abandon`). */
const ABANDONED = { code: 'INTERRUPTED', message: 'The answer could not be finished: the servers answering it kept stopping. Please ask again.' };

/** The stream's last word for a turn that is not (or no longer) there. */
const TURN_GONE = { code: ErrorCode.NotFound, message: 'This message no longer exists; its chat may have been deleted.' };

/** What a search of an owner with nothing indexed finds. */
const NOTHING_RETRIEVED: Retrieval = { text: '', citations: [] };

/** What every way of answering a turn starts from. */
interface TurnInputs {
  turn: RunningTurn;
  job: ProcessMessage;
  attachments: FileDto[];
  contextLoad: Promise<ConversationContext>;
  /** Whether the owner has anything indexed to search (VectorStore.hasChunks): the job's `ownerIndexed`. */
  indexedLoad: Promise<boolean>;
  continuing: boolean;
}

/** A turn made ready to answer under one classification (MessagePipeline.prepare). */
interface Prepared {
  base: NodeBase;
  prompt: EffectiveTaskPrompt | null;
  context: ConversationContext;
  replyText: (chunk: string) => void;
  reply: (capability: ChatCapability | ComposeReplyCapability, inputs: ResolvedInputs) => Promise<NodeResult>;
  plainAnswer: () => Promise<NodeResult>;
}

/** The answer as it is being made: what the user has been shown so far. */
interface Draft {
  text: string;
  /** The sources the steps cited so far, numbered across the answer. */
  citations: CitationLedger;
  /** The remembered facts the answer was given. */
  memoriesUsed: UsedMemory[];
  classification?: Classification;
  /** The model's reasoning (streamed as `thinking`) and whether it was cut off at the token limit. */
  reasoning: AnswerReasoning;
}

/**
 * One inbound message through the routing pipeline (docs/api.md): pre-process → classify → plan →
 * execute → deliver, with every step streamed to the track and persisted.
 */
@Injectable()
export class MessagePipeline {
  private readonly logger = new Logger(MessagePipeline.name);
  private readonly speculates: boolean;
  /** The answers being made here, by track, until their end is claimed (see `supersede`). */
  private readonly answering = new Map<string, { superseded: AbortController; events: EventSink }>();

  constructor(
    config: AppConfig,
    private readonly recorder: AnswerRecorder,
    private readonly stream: AnswerStream,
    private readonly control: TrackControlService,
    private readonly conversation: ConversationContextService,
    private readonly files: FilesService,
    private readonly routing: RoutingService,
    private readonly routingSettings: RoutingSettingsService,
    private readonly taskPrompts: TaskPromptsService,
    private readonly planner: PlannerService,
    private readonly executor: PlanExecutor,
    private readonly chat: ChatCapability,
    private readonly composeReply: ComposeReplyCapability,
    private readonly jobs: JobQueueService,
    private readonly slots: GenerationSlots,
    private readonly userChannel: UserChannel,
    private readonly deliveries: AnswerDeliveries,
    private readonly webSearch: WebSearch,
    private readonly knowledgeFiles: KnowledgeFiles,
    private readonly knowledgeSearch: KnowledgeSearch,
    private readonly widgets: WidgetsService,
    private readonly memory: MemoryService,
    private readonly feedback: FeedbackService,
    private readonly progress: PlanProgress,
    private readonly vectors: VectorStore,
  ) {
    this.speculates = config.routing.speculativeAnswers;
  }

  /**
   * Answers the job's turn. On its first run the worker starts on the turn as the web node built
   * it (carried by the job) while the web node commits it: nothing is written until the commit is
   * announced and the answer is found still pending, and the work stops if it is not (its chat
   * deleted meanwhile). `rerun`: BullMQ runs the job again after its worker died (docs/api.md, "a
   * worker dies"); the turn is then read back from the database and, unless it was finished, answered
   * again from the start (see `restart`).
   */
  async process(job: ProcessMessage, rerun = false): Promise<void> {
    // Watched from now on; what was announced before (a stop, the commit) arrives while the work starts.
    const watched = this.control.watch(job.trackId);
    const slot = new HeldSlot(this.slots, job.slotHolder ?? job.userId, job.trackId);
    const events = new EventSink(this.stream, job.trackId);
    const gone = new AbortController();
    watched.storedLongBefore.catch((error: unknown) => gone.abort(error));
    const superseded = new AbortController();
    this.answering.set(job.trackId, { superseded, events });
    const signal = AbortSignal.any([watched.signal, gone.signal, superseded.signal]);
    let turn: RunningTurn | null = null;
    // The draft that ends the answer: replaced when a speculative answer is kept (see `answer`).
    const state: { draft: Draft } = { draft: this.newDraft(events) };
    try {
      turn = await this.turnOf(job, rerun, watched, events, gone, slot);
      if (!turn) {
        // Its chat was deleted (or an incognito turn's worker died) while the job waited.
        // Whoever follows the track must still see it end.
        events.emit('error', TURN_GONE);
        await events.flush();
        return;
      }
      // A finished answer is not made again: its worker died after storing it.
      if (turn.answer.status !== 'pending' && turn.answer.status !== 'streaming') return await this.announceStored(turn, events);
      const saved = rerun ? await this.restart(turn, job, events) : undefined;
      if (job.continuation) state.draft = this.newDraft(events, turn.answer);
      await this.answer(turn, job, events, signal, state, saved);
    } catch (error) {
      // Another worker answers again: this run says and writes nothing more.
      if (superseded.signal.aborted) return;
      if (!turn) throw error;
      if (gone.signal.aborted) {
        // Nothing was shown or written: the turn was never there to answer.
        events.emit('error', gone.signal.reason === TURN_GONE ? TURN_GONE : { code: ErrorCode.Internal, message: 'The message could not be read back. Please try again.' });
        await events.flush();
        return;
      }
      const { draft } = state;
      try {
        if (signal.aborted) await this.finish(turn, events, draft, { status: 'stopped', files: [] });
        else {
          const failure = describeFailure(error);
          if (failure.unexpected) this.logger.error(error);
          await this.fail(turn, events, draft, failure);
        }
      } catch (closing) {
        // The answer could not even be closed (its last write failed): whoever follows the track
        // must still see it end, or their stream would wait until it expires.
        this.logger.error(closing);
        events.emit('error', { code: ErrorCode.Internal, message: 'The answer could not be saved. Please try again.' });
        await events.flush();
        throw closing;
      }
    } finally {
      watched.release();
      if (this.answering.get(job.trackId)?.events === events) this.answering.delete(job.trackId);
      // For a turn that ended without its final event (its chat deleted meanwhile, a failed last
      // write): the others gave their slot back in `end`. A superseded run leaves the slot to the
      // run that took over.
      if (!superseded.signal.aborted) await slot.giveBack();
    }
  }

  /**
   * Stops the answer of `trackId` being made here, without a word on its track or in the
   * database: this worker could not renew its job's lock (its event loop stalled past
   * QUEUE_LOCK_DURATION_MS), so it was taken for dead and another worker answers again, or soon
   * will. Too late once its end is claimed: the answer's final write decides then (`endedElsewhere`).
   */
  supersede(trackId: string): void {
    const run = this.answering.get(trackId);
    if (!run) return;
    run.events.silence();
    run.superseded.abort();
  }

  /**
   * Past this point the run's end is decided by the answer's final write, which only one run of its
   * job wins: it can no longer be superseded. False when it already was: it ends without a word.
   */
  private claimEnd(events: EventSink): boolean {
    if (this.answering.get(events.trackId)?.events === events) this.answering.delete(events.trackId);
    return !events.silenced;
  }

  /**
   * The last word of an answer BullMQ gave up on (its job stalled more often than
   * QUEUE_MAX_STALLED_COUNT allows: every worker running it died), so that nobody waits for it
   * forever: the answer fails with INTERRUPTED, on its track and in the database, and its channel
   * delivers that. A finished answer is left alone.
   */
  async abandon(job: ProcessMessage): Promise<void> {
    const events = new EventSink(this.stream, job.trackId);
    const slot = new HeldSlot(this.slots, job.slotHolder ?? job.userId, job.trackId);
    try {
      const loaded = job.incognito === true ? null : await this.recorder.load({ answerId: job.messageId, questionId: job.userMessageId, chatId: job.chatId });
      if (!loaded) {
        events.emit('error', ABANDONED);
        await events.flush();
        return;
      }
      if (loaded.answer.status !== 'pending' && loaded.answer.status !== 'streaming') return;
      const turn: RunningTurn = { ...loaded, slot, stored: Promise.resolve(true) };
      events.emit('reset', { reason: WORKER_DIED });
      await this.fail(turn, events, { text: job.continuation ? turn.answer.text : '' }, ABANDONED);
    } finally {
      await slot.giveBack();
    }
  }

  /**
   * The end of an answer whose worker died after storing it: announced from what was stored if
   * the worker died before it could (the track has no final event), as whoever follows the track
   * would wait for it; handed to its channel unless that was done (AnswerDeliveries).
   */
  private async announceStored(turn: RunningTurn, events: EventSink): Promise<void> {
    const { answer, chat } = turn;
    if (await this.stream.ended(events.trackId)) {
      const status = answer.status === 'failed' || answer.status === 'stopped' ? answer.status : 'complete';
      const completedAt = answer.completedAt ?? new Date();
      return this.deliveries.deliverUnlessDelivered({ chatId: chat.id, userId: answer.userId, channel: chat.channel, messageId: answer.id, status, text: answer.text, completedAt });
    }
    if (answer.status === 'failed') {
      const error = { code: answer.errorCode ?? ErrorCode.Internal, message: answer.errorMessage ?? 'The answer could not be finished. Please ask again.' };
      return this.end(turn, events, answer.text, 'failed', 'error', error);
    }
    const status = answer.status === 'stopped' ? 'stopped' : 'complete';
    await this.end(turn, events, answer.text, status, 'complete', {
      messageId: answer.id,
      chatId: chat.id,
      topic: answer.topic ?? 'general',
      language: answer.language ?? 'en',
      provider: answer.provider ?? '',
      model: answer.model ?? '',
      ...(answer.usage ? { usage: answer.usage } : {}),
      files: answer.fileIds.length > 0 ? await this.files.getMany(answer.userId, answer.fileIds) : [],
      citations: answer.citations,
      status,
      ...(answer.truncated ? { truncated: true } : {}),
      ...(answer.thinkingMs !== null ? { thinkingMs: answer.thinkingMs } : {}),
    });
  }

  /**
   * Before a rerun answers again: whoever follows the track is told to drop what it was shown so
   * far (`reset`: everything after it is the new answer, and a client resuming from before it
   * replays it too), the stored answer starts over (being written, without its task records), and what
   * its plan had finished is read back to be reused (PlanProgress; a continued answer plans
   * nothing). The generation slot is still the turn's (nobody gave it back) and a stop pressed
   * meanwhile is still seen (`TrackControlService.watch` reads it from Redis).
   */
  private async restart(turn: RunningTurn, job: ProcessMessage, events: EventSink): Promise<SavedProgress | undefined> {
    const continuing = job.continuation === true;
    events.emit('reset', { reason: WORKER_DIED });
    await this.recorder.restart(turn, continuing);
    return continuing ? undefined : this.progress.load(turn.answer.id);
  }

  /**
   * The job's turn: as the web node built it on a first run, written only once `stored` (the
   * commit announced, and the answer found pending: `gone` aborts the work otherwise); read from
   * the database on a rerun. A turn still being committed when its worker starts (or committed a
   * moment before) is fresh, and its answer is shown as soon as that is known (`storedLongBefore`):
   * waiting for the commit, or for the claim that finds it pending, would put a database round
   * trip before the first token. One committed longer before its worker got to it may have been
   * deleted since (its chat removed while the job waited), so nothing of it is shown until it is
   * found pending. An incognito turn is never stored: it is in the job alone.
   */
  private async turnOf(job: ProcessMessage, rerun: boolean, watched: WatchedTrack, events: EventSink, gone: AbortController, slot: HeldSlot): Promise<RunningTurn | null> {
    const incognito = job.incognito === true;
    if (rerun) {
      const loaded = incognito ? null : await this.recorder.load({ answerId: job.messageId, questionId: job.userMessageId, chatId: job.chatId });
      return loaded && { ...loaded, slot, stored: Promise.resolve(true) };
    }
    const stored = incognito ? Promise.resolve(true) : watched.stored.then(() => this.recorder.claim(job.messageId));
    stored.then(
      (pending) => pending || gone.abort(TURN_GONE),
      (error: unknown) => gone.abort(error instanceof TurnAbandoned ? TURN_GONE : error),
    );
    events.holdUntil(watched.storedLongBefore.then((storedLongBefore) => (storedLongBefore ? stored : true)));
    return { ...rowsFrom(job.turn), incognito, slot, stored };
  }

  private newDraft(events: AnswerEvents, earlier?: Message): Draft {
    return {
      // A continued answer goes on from the text (and reasoning) it has.
      text: earlier?.text ?? '',
      citations: new CitationLedger(),
      memoriesUsed: [],
      reasoning: new AnswerReasoning((text) => events.emit('thinking', { text }), { text: earlier?.thinking ?? null, ms: earlier?.thinkingMs ?? null }),
    };
  }

  /** `saved`: what the plan of an earlier run of this answer had finished (see `restart`). */
  private async answer(turn: RunningTurn, job: ProcessMessage, events: EventSink, signal: AbortSignal, state: { draft: Draft }, saved: SavedProgress | undefined): Promise<void> {
    const { inbound, answer, chat } = turn;
    // 1. Pre-process: the attachments (their text is read by extract_text nodes when planned).
    const attachments = inbound.fileIds.length > 0 ? await this.files.getMany(answer.userId, inbound.fileIds) : [];
    // A continued answer goes on in one generation: no plan, no search.
    const continuing = job.continuation === true;

    // What does not depend on the classification is read while the sorter thinks; a turn that
    // opened its chat has no conversation before it, and nothing to read.
    const contextLoad = job.newChat ? Promise.resolve(this.conversation.opening(chat)) : this.conversation.build(chat, inbound.createdAt);
    contextLoad.catch(() => undefined);
    const settingsLoad = this.routingSettings.get();
    settingsLoad.catch(() => undefined);
    // As the web node found it when the message came in (a job queued by an older node carries nothing).
    const indexedLoad = job.ownerIndexed === undefined ? this.vectors.hasChunks(answer.userId) : Promise.resolve(job.ownerIndexed);
    indexedLoad.catch(() => undefined);
    const learn = this.learnOnce(turn);
    void events.textShown.then(learn);
    const turnInputs: TurnInputs = { turn, job, attachments, contextLoad, indexedLoad, continuing };

    // 2. Classify. While an AI sorter decides, the answer its heuristic reading expects is
    // started on the side (a plain answer: no plan, no search, no attachments to read first).
    let speculation: SpeculativeAnswer<Classification, Draft, { prepared: Prepared; result: NodeResult }> | undefined;
    const classification = await this.routing.classify(
      {
        text: inbound.text,
        userId: answer.userId,
        fixedTopic: job.options.promptTopic ?? undefined,
        webSearch: job.options.webSearch ?? undefined,
        files: attachments.map(({ name, mime }) => ({ name, mime })),
        signal,
      },
      (guess) => {
        if (!this.speculates || continuing || attachments.length > 0 || guess.multiStep || guess.webSearch) return;
        speculation = new SpeculativeAnswer(guess, signal, (held, guessSignal) => {
          const draft = this.newDraft(held);
          return { draft, answering: this.prepare(turnInputs, guess, held, guessSignal, draft).then(async (prepared) => ({ prepared, result: await prepared.plainAnswer() })) };
        });
      },
    );
    const settings = await settingsLoad;
    // An answer whose earlier run had a plan runs that plan again, whatever the classification says now.
    const plans = saved !== undefined || (!continuing && needsPlan(classification, settings));
    const kept = speculation?.keepIf(!plans && !classification.webSearch && sameReading(speculation.guess, classification));
    if (kept) state.draft = kept.draft;
    const { draft } = state;
    draft.classification = classification;
    // Before anything the kept answer made: `classified` comes first on the track.
    events.emit('classified', {
      topic: classification.topic,
      language: classification.language,
      source: classification.source,
      webSearch: classification.webSearch,
      multiStep: plans,
    });
    kept?.release(events);

    let result: NodeResult;
    let files: FileDto[] = [];
    let prepared: Prepared;
    if (kept) {
      ({ prepared, result } = await kept.answering);
    } else {
      prepared = await this.prepare(turnInputs, classification, events, signal, draft);
      const { base, prompt, reply, plainAnswer } = prepared;
      // 3. Plan (only multi-step requests, when routing is on) and 4. execute; else the fast path,
      // which searches the web first when routing says the answer needs it (SPEC §5): on its own only
      // with a provider configured, and when the client's toggle asks for it even without one, so the
      // user sees why no search happened. The topic's task prompt may name the search provider.
      const searchProvider = prompt?.settings.searchProvider;
      const searches = !plans && !continuing && classification.webSearch && (this.webSearch.available(searchProvider) || job.options.webSearch === true);
      const planned =
        plans && !saved
          ? (await this.planner.plan({ text: inbound.text, language: classification.language, topic: classification.topic, userId: answer.userId, files: attachments, signal })).plan
          : searches
            ? searchThenAnswer(classification.language)
            : null;
      const plan = saved?.plan ?? (planned && useSearchProvider(planned, searchProvider));
      if (plan) {
        if (!saved) await this.saveProgress(turn, () => this.progress.savePlan(answer.id, plan));
        events.emit('plan', { nodes: plan.tasks.map((task) => ({ nodeId: task.id, capability: task.capability, dependsOn: task.dependsOn })), replyNode: plan.replyNode });
        const outcome = await observeGenerations(draft.reasoning, () =>
          this.executor.run(plan, {
            base,
            message: { text: inbound.text, files: attachments },
            signal,
            maxParallel: settings.maxParallel,
            nodeTimeoutS: settings.nodeTimeoutS,
            observer: this.observer(turn, events, draft.citations, prepared.replyText),
            finished: saved?.results,
          }),
        );
        // A stop ends the answer through the caller's catch, which keeps the partial text.
        if (signal.aborted) throw new Error('stopped');
        files = outcome.files;
        if (outcome.reply) result = outcome.reply;
        else if (outcome.allFailed) {
          events.emit('plan_discarded', { reason: 'Every step failed; answering directly instead.' });
          result = await plainAnswer();
        } else {
          // The reply step could not run (a step it needed failed): answer from what did succeed.
          result = await reply(this.composeReply, stepResults(plan, outcome.results, files));
        }
      } else {
        result = await plainAnswer();
      }
    }
    if (signal.aborted) throw new Error('stopped');

    // 5. Deliver (web: the track is the delivery) and queue the follow-up work.
    await this.finish(turn, events, draft, { status: 'complete', files, provider: result.model?.provider, model: result.model?.name, usage: result.usage });
    // Queued as its text started; here for an answer that had none.
    await learn();
    if (prepared.context.needsSummary && !turn.incognito) {
      await this.jobs.enqueue({ name: JobName.RefreshChatSummary, data: { chatId: chat.id } }, { jobId: `summary-${chat.id}` });
    }
  }

  /**
   * Queues memory extraction from the turn's question (where the user remembers, see `remembers`),
   * once, as soon as the answer's text is shown (EventSink.textShown): the job reads only the
   * user's words, never the answer, so its model call overlaps the answer being written instead of
   * the user's next message, and comes after every call the answer made before its text. Never
   * before the turn is stored, as the job reads the question back; a failure to queue is logged,
   * not made the answer's.
   */
  private learnOnce(turn: RunningTurn): () => Promise<void> {
    let queued: Promise<void> | undefined;
    const queue = async (): Promise<void> => {
      const { answer, chat, inbound } = turn;
      if (!remembers(turn) || !(await turn.stored.catch(() => false))) return;
      try {
        await this.memory.scheduleExtraction({ userId: answer.userId, chatId: chat.id, messageId: inbound.id });
      } catch (error) {
        this.logger.warn(`answer ${answer.id}: could not queue memory extraction: ${(error as Error).message}`);
      }
    };
    return () => (queued ??= queue());
  }

  /**
   * What answering under `classification` needs: the topic's task prompt, the conversation, what
   * the turn knows (announced on `events` as found), and the reply functions writing into `draft`.
   */
  private async prepare(inputs: TurnInputs, classification: Classification, events: AnswerEvents, signal: AbortSignal, draft: Draft): Promise<Prepared> {
    const { turn, job, attachments, contextLoad, indexedLoad, continuing } = inputs;
    const { inbound, answer } = turn;
    const [prompt, context, knowledge] = await Promise.all([
      this.taskPrompts.findForTopic(classification.topic, answer.userId),
      contextLoad,
      this.knowledgeFor(turn, classification, attachments, indexedLoad, events, signal, draft),
    ]);
    const base: NodeBase = {
      userId: answer.userId,
      messageId: answer.id,
      language: classification.language,
      request: inbound.text,
      taskPrompt: prompt?.prompt ?? null,
      modelId: job.options.modelId ?? prompt?.settings.model ?? null,
      timeZone: job.options.timeZone,
      history: continuing ? [...context.history, ...continuationHistory(inbound, answer)] : context.history,
      summary: context.summary,
      knowledge,
    };
    const replyText = (chunk: string): void => {
      draft.reasoning.answerStarted();
      draft.text += chunk;
      events.emit('chunk', { text: chunk });
    };
    const reply = (capability: ChatCapability | ComposeReplyCapability, replyInputs: ResolvedInputs): Promise<NodeResult> =>
      observeGenerations(draft.reasoning, () => capability.run({ ...base, nodeId: 'reply', inputs: replyInputs, params: {}, signal, emitText: replyText, emitProgress: () => undefined }));
    const plainAnswer = (): Promise<NodeResult> => reply(this.chat, { text: continuing ? CONTINUE_INSTRUCTION : inbound.text, values: {}, files: attachments, fromSteps: false });
    return { base, prompt, context, replyText, reply, plainAnswer };
  }

  /**
   * What the turn knows besides the conversation (docs/knowledge.md, Retrieval): its attachments
   * are read and indexed into the chat first (the user sees "reading your file…" while they are),
   * then the chat's files, the topic's documents and, for a widget, its site are searched for the
   * request; the passages found are the answer's first sources, announced at once. Where the
   * user remembers (see `remembers`), facts about them and their feedback on similar answers are
   * recalled alongside; the facts used are announced and kept with the answer. An owner with
   * nothing indexed (`indexed`) has nothing to search: none of it is asked for.
   */
  private async knowledgeFor(
    turn: Turn,
    classification: Classification,
    attachments: FileDto[],
    indexed: Promise<boolean>,
    events: AnswerEvents,
    signal: AbortSignal,
    draft: Draft,
  ): Promise<TurnKnowledge> {
    const { chat, inbound, answer } = turn;
    if (attachments.length > 0) await this.readAttachments(turn, attachments, events, signal);
    const widgetId = chat.channel === 'widget' ? await this.widgets.widgetIdOfChat(chat.id) : null;
    const groups: TurnKnowledge['groups'] = [
      { kind: 'chat', id: chat.id },
      { kind: 'topic', id: classification.topic },
      ...(widgetId ? [{ kind: 'widget' as const, id: widgetId }] : []),
    ];
    // Attachments just indexed were not there when `indexed` was read: each search asks again.
    const searched = attachments.length > 0 || (await indexed);
    const personal = searched && remembers(turn);
    const [retrieved, memories, examples] = await Promise.all([
      searched ? this.knowledgeSearch.retrieve({ ownerUserId: answer.userId, groups, text: inbound.text, signal }) : NOTHING_RETRIEVED,
      personal ? this.memory.recall(answer.userId, inbound.text, signal) : [],
      personal ? this.feedback.examples(answer.userId, inbound.text, signal) : [],
    ]);
    // Every `sources` event lists all the answer's sources so far: clients replace, not append.
    if (draft.citations.adopt(retrieved).length > 0) events.emit('sources', { results: draft.citations.citations });
    if (memories.length > 0) {
      draft.memoriesUsed = memories.map(({ id, category, key, value }) => ({ id, category, key, value }));
      events.emit('memories', { used: draft.memoriesUsed });
    }
    return { groups, material: [retrieved.text, memoriesForPrompt(memories)].filter(Boolean).join('\n\n'), guidance: feedbackForPrompt(examples) };
  }

  /** Waits for the message's attachments to be read and indexed, shown as a step while it does. */
  private async readAttachments(turn: Turn, attachments: FileDto[], events: AnswerEvents, signal: AbortSignal): Promise<void> {
    let shown = false;
    const { failed, pending } = await this.knowledgeFiles.prepare(
      turn.answer.userId,
      attachments.map((file) => file.id),
      { kind: 'chat', id: turn.chat.id },
      {
        timeoutMs: ATTACHMENT_WAIT_MS,
        signal,
        onWaiting: () => {
          shown = true;
          events.emit('task_update', { nodeId: READ_FILES_NODE, capability: 'extract_text', state: 'running' });
        },
        onProgress: (percent) => events.emit('task_progress', { nodeId: READ_FILES_NODE, percent }),
      },
    );
    const unread = [...failed, ...pending];
    if (unread.length > 0) {
      const names = unread.map((file) => file.name).join(', ');
      const error = pending.length > 0 ? `Still reading ${names}; answering without it.` : `Could not read ${names}.`;
      events.emit('task_update', { nodeId: READ_FILES_NODE, capability: 'extract_text', state: 'failed', error });
    } else if (shown) {
      events.emit('task_update', { nodeId: READ_FILES_NODE, capability: 'extract_text', state: 'done' });
    }
  }

  private observer(turn: RunningTurn, events: EventSink, citations: CitationLedger, replyText: (chunk: string) => void): ExecutionObserver {
    return {
      stateChanged: async (task, position, state, { error, result }) => {
        // Every `sources` event lists all the answer's sources so far: clients replace, not append.
        if (result && citations.adopt(result).length > 0) events.emit('sources', { results: citations.citations });
        if (state !== 'pending') events.emit('task_update', { nodeId: task.id, capability: task.capability, state, ...(error ? { error } : {}) });
        if (result?.file) events.emit('task_file', { nodeId: task.id, file: { id: result.file.id, name: result.file.name, mime: result.file.mime, url: result.file.url } });
        // A superseded run (see `supersede`) must not write over what the run that took over records.
        if (events.silenced) return;
        if (state === 'done' && result) await this.saveProgress(turn, () => this.progress.saveResult(turn.answer.id, task.id, result));
        const now = new Date();
        if (!(await turn.stored)) return;
        await this.recorder.recordTask(turn, {
          messageId: turn.answer.id,
          nodeId: task.id,
          capability: task.capability,
          dependsOn: task.dependsOn,
          position,
          state,
          error: error ?? null,
          resultText: result?.text ?? null,
          resultFileId: result?.file?.id ?? null,
          startedAt: state === 'running' ? now : undefined,
          finishedAt: state === 'done' || state === 'failed' || state === 'skipped' ? now : undefined,
        });
      },
      taskText: (nodeId, chunk) => events.emit('task_chunk', { nodeId, chunk }),
      replyText,
      progress: (nodeId, percent) => events.emit('task_progress', { nodeId, percent }),
    };
  }

  /**
   * Keeps what a rerun would reuse (not for incognito turns, which are never run again). The
   * answer does not depend on it, so a failure is logged, not made the answer's: a rerun would
   * then plan, or run the step, again.
   */
  private async saveProgress(turn: RunningTurn, save: () => Promise<void>): Promise<void> {
    if (turn.incognito) return;
    try {
      await save();
    } catch (error) {
      this.logger.warn(`answer ${turn.answer.id}: could not keep its progress for a rerun: ${(error as Error).message}`);
    }
  }

  private async finish(
    turn: RunningTurn,
    events: EventSink,
    draft: Draft,
    outcome: { status: 'complete' | 'stopped'; files: FileDto[]; provider?: string; model?: string; usage?: TokenUsage },
  ): Promise<void> {
    const topic = draft.classification?.topic ?? 'general';
    const language = draft.classification?.language ?? 'en';
    const thinking = draft.reasoning.result;
    if (!this.claimEnd(events)) return;
    await whenStored(turn);
    const ended = await this.recorder.finish(turn, {
      text: draft.text,
      status: outcome.status,
      topic,
      language,
      provider: outcome.provider ?? null,
      model: outcome.model ?? null,
      usage: outcome.usage ?? null,
      fileIds: outcome.files.map((file) => file.id),
      citations: draft.citations.citations,
      memoriesUsed: draft.memoriesUsed,
      thinking,
      truncated: draft.reasoning.truncated,
    });
    if (!ended) return this.endedElsewhere(turn);
    await this.end(turn, events, draft.text, outcome.status, 'complete', {
      messageId: turn.answer.id,
      chatId: turn.chat.id,
      topic,
      language,
      provider: outcome.provider ?? '',
      model: outcome.model ?? '',
      ...(outcome.usage ? { usage: outcome.usage } : {}),
      files: outcome.files,
      citations: draft.citations.citations,
      status: outcome.status,
      ...(draft.reasoning.truncated ? { truncated: true } : {}),
      ...(thinking ? { thinkingMs: thinking.ms } : {}),
    });
  }

  private async fail(turn: RunningTurn, events: EventSink, draft: Omit<Draft, 'citations' | 'memoriesUsed' | 'reasoning'>, failure: { code: string; message: string }): Promise<void> {
    if (!this.claimEnd(events)) return;
    await whenStored(turn);
    const ended = await this.recorder.finish(turn, {
      text: draft.text,
      status: 'failed',
      topic: draft.classification?.topic ?? null,
      language: draft.classification?.language ?? null,
      provider: null,
      model: null,
      usage: null,
      fileIds: [],
      citations: [],
      error: failure,
    });
    if (!ended) return this.endedElsewhere(turn);
    await this.end(turn, events, draft.text, 'failed', 'error', { code: failure.code, message: failure.message });
  }

  /**
   * Another run of the job had already ended the answer: this worker was taken for dead (its lock
   * lapsed while it was stalled) and the answer made again elsewhere. That run alone announces and
   * delivers it, so every channel gets one answer; this one's end is dropped.
   */
  private endedElsewhere(turn: RunningTurn): void {
    this.logger.warn(`answer ${turn.answer.id} had already been ended by another run of its job: this run's end is dropped`);
  }

  /**
   * Where every answered turn ends (complete, stopped or failed): the user's generation slot goes
   * back before the final event goes out, so a client that has seen `complete` or `error` can
   * send its next message at once. The answer is stored by now, so the user's other tabs are told
   * (`message.completed`, not for incognito turns) once the final event has been handed on: that
   * notice never waits for Redis nor fails the turn. Then the chat's channel delivers the answer
   * (a widget tells its visitor's other tabs and the operators), which never fails the turn either.
   */
  private async end<E extends 'complete' | 'error'>(
    turn: RunningTurn,
    events: EventSink,
    text: string,
    status: 'complete' | 'stopped' | 'failed',
    event: E,
    data: StreamEventMap[E],
  ): Promise<void> {
    await turn.slot.giveBack();
    events.emit(event, data);
    try {
      await events.flush();
    } finally {
      if (!turn.incognito) {
        const { chat, answer } = turn;
        this.userChannel.notify(answer.userId, 'message.completed', { chatId: chat.id, messageId: answer.id, status });
        await this.deliveries.deliver({ chatId: chat.id, userId: answer.userId, channel: chat.channel, messageId: answer.id, status, text, completedAt: new Date() });
      }
    }
  }
}

/** Waits until the turn is stored; throws if it is not (the pipeline's `gone` has stopped the work by then). */
async function whenStored(turn: RunningTurn): Promise<void> {
  if (!(await turn.stored)) throw new Error('The turn is not stored.');
}

/** The sorter read the message as its guess did: an answer started on the guess fits the decision. */
function sameReading(guess: Classification, decided: Classification): boolean {
  return guess.topic === decided.topic && guess.language === decided.language;
}

/** Whether the turn reads and writes the user's memories and feedback: theirs, stored, with memory on. */
function remembers({ chat, incognito }: Turn): boolean {
  return !incognito && chat.memoryEnabled && PERSONAL_CHANNELS.has(chat.channel);
}

/** The text results of the steps that completed, as inputs for a reply written from them. */
function stepResults(plan: Plan, results: ReadonlyMap<string, NodeResult>, files: FileDto[]): ResolvedInputs {
  const values: Record<string, string> = {};
  for (const task of plan.tasks) {
    const text = results.get(task.id)?.text;
    if (text) values[`${task.id} (${task.capability})`] = text;
  }
  return { text: Object.values(values).join('\n\n'), values, files, fromSteps: true };
}
