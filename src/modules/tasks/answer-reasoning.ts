import type { FinishReason } from '../ai/ai.types';
import type { GenerationObserver } from '../ai/generation-observer';

/**
 * What the model said about an answer besides the answer (GenerationObserver): its reasoning,
 * streamed on as it comes and kept for the stored answer, timed from its first delta to the
 * answer's first chunk ("Thought for N s"), and whether the last generation was cut off at the
 * output token limit. A continued answer starts from what its earlier run reasoned.
 */
export class AnswerReasoning implements GenerationObserver {
  private text: string;
  private earlierMs: number;
  private startedAt: number | null = null;
  private endedAt: number | null = null;
  private lastFinish: FinishReason | null = null;

  constructor(
    private readonly emit: (text: string) => void,
    earlier: { text: string | null; ms: number | null } = { text: null, ms: null },
    private readonly now: () => number = Date.now,
  ) {
    this.text = earlier.text ?? '';
    this.earlierMs = earlier.ms ?? 0;
  }

  thinking(text: string): void {
    this.startedAt ??= this.now();
    // Reasoning again after the answer began (a later step of a plan): the time runs on from here.
    if (this.endedAt !== null) {
      this.earlierMs += this.endedAt - this.startedAt;
      this.startedAt = this.now();
      this.endedAt = null;
    }
    this.text += text;
    this.emit(text);
  }

  finished(reason: FinishReason): void {
    this.lastFinish = reason;
  }

  /** The answer's text has begun: the reasoning before it is over. */
  answerStarted(): void {
    if (this.startedAt !== null && this.endedAt === null) this.endedAt = this.now();
  }

  /** Cut off at the output token limit (by the generation that ended last). */
  get truncated(): boolean {
    return this.lastFinish === 'length';
  }

  /** The reasoning so far and how long it took, or null where the model showed none. */
  get result(): { text: string; ms: number } | null {
    if (!this.text) return null;
    const running = this.startedAt === null ? 0 : (this.endedAt ?? this.now()) - this.startedAt;
    return { text: this.text, ms: this.earlierMs + running };
  }
}
