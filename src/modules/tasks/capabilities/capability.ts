import type { ChatMessage, ResolvedModel, TokenUsage } from '../../ai/ai.types';
import type { Citation } from '../../chat/message.entity';
import type { FileDto } from '../../files/dto/file.dto';
import type { VectorGroup } from '../../../infra/vector-store/vector-store';
import type { TaskCapability } from '../../planner/plan';

/** What a turn knows besides the conversation: where its documents are, and what was recalled for it. */
export interface TurnKnowledge {
  /** Where rag_query searches: the chat's files, the topic's documents, the widget's site. */
  groups: VectorGroup[];
  /**
   * Material for the answer, read by chat-like nodes as context: passages retrieved for the
   * request (numbered `[n]`, the answer's first sources) and facts remembered about the user.
   */
  material: string;
  /** Instructions drawn from the user's feedback on similar earlier answers: guidance, never quoted as material. */
  guidance: string;
}

export const NO_KNOWLEDGE: TurnKnowledge = { groups: [], material: '', guidance: '' };

/** A node's inputs after `$message.*` / `$<node>.*` references were replaced by values. */
export interface ResolvedInputs {
  /** Every text input, joined in declaration order. */
  text: string;
  /** Each input by name (texts and literals). */
  values: Record<string, string>;
  /** Files referenced by `$message.files` or `$<node>.file`. */
  files: FileDto[];
  /** True when some input is another node's output (not only the user's message). */
  fromSteps: boolean;
}

/** Everything one node run can see and do. */
export interface NodeRun {
  nodeId: string;
  userId: string;
  messageId: string;
  language: string;
  /** The inbound message as the user wrote it. */
  request: string;
  /** The task prompt chosen by routing (system prompt for chat-like nodes), if any. */
  taskPrompt: string | null;
  /** The model the user or the task prompt asked for; null leaves it to the bindings. */
  modelId: string | null;
  /** The sender's IANA time zone, when their client sent one (web chat, widget, API); e-mail and WhatsApp have none. */
  timeZone?: string;
  /** The conversation so far (recent turns) and the summary of older ones. */
  history: ChatMessage[];
  summary: string | null;
  knowledge: TurnKnowledge;
  inputs: ResolvedInputs;
  params: Record<string, unknown>;
  signal: AbortSignal;
  /** Streams text out: the answer's `chunk` for the reply node, `task_chunk` otherwise. */
  emitText(chunk: string): void;
  emitProgress(percent: number): void;
}

export interface NodeResult {
  text?: string;
  file?: FileDto;
  /** The model that produced the result, for the answer's `complete` event. */
  model?: ResolvedModel;
  usage?: TokenUsage;
  /**
   * The sources the text cites as `[1]` … `[k]`, numbered from 1 within this result; the pipeline
   * renumbers them after earlier steps' sources (text included) and shows them with the answer.
   */
  citations?: Citation[];
}

/** One capability of the planner's vocabulary (`TASK_CAPABILITIES`). */
export interface TaskCapabilityHandler {
  readonly name: TaskCapability;
  /** Media nodes (files out) may run in parallel up to `maxParallel`; text nodes run one by one. */
  readonly kind: 'text' | 'media';
  run(run: NodeRun): Promise<NodeResult>;
}

/** A node that cannot run (missing input, capability not available): fails the node cleanly. */
export class CapabilityError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CapabilityError';
  }
}
