import { Injectable, Logger } from '@nestjs/common';
import { AiErrorCode, AiProviderError } from '../ai/ai-provider.error';
import { AiService } from '../ai/ai.service';
import { ModelCapability, type ResolvedModel } from '../ai/ai.types';
import { MetricsService } from '../metrics/metrics.service';
import type { Classification, ClassificationSource, ClassifyInput } from './classification';
import { sortHeuristically } from './heuristic-sorter';
import { analyzeIntent } from './intent-detection';
import { RoutingSettingsService } from './routing-settings.service';
import { findRuleMatch } from './selection-rules';
import { parseSorterOutput, type SorterVerdict } from './sorter-output';
import { renderSorterPrompt } from './sorter-prompt';
import { TaskPromptsService, type EffectiveTaskPrompt } from './task-prompts.service';
import { withTimeout } from './with-timeout';

export const FALLBACK_TOPIC = 'general';
/** The sorter only needs the gist of a message; a pasted book would cost time and tokens. */
const MAX_SORTER_INPUT_CHARS = 4_000;
const SORTER_TIMEOUT_MS = 20_000;

/**
 * Classification (docs/api.md, routing pipeline): a fixed topic wins; then the selection rules of the user's
 * enabled task prompts; then the AI sorter (or, when the SORT model is the offline provider, the
 * heuristic sorter); anything unusable falls back to `general`.
 *
 * `webSearch`, `multiStep` and `media` come from the sorter when it ran; for fixed, rule and
 * fallback decisions they come from the same deterministic heuristics the offline sorter uses, so
 * a rule-routed "summarize …, translate … and read it aloud" is still planned. The client's
 * web-search toggle wins over the topic's `settings.webSearch`, which wins over the sorter.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    private readonly prompts: TaskPromptsService,
    private readonly settings: RoutingSettingsService,
    private readonly ai: AiService,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * `onGuess`, when given, hears the heuristic sorter's reading of the message just before an AI
   * sorter is asked (never for fixed, rule or offline decisions, which are immediate): a caller can
   * start on the likely answer while the model decides, and keep it if the decision agrees.
   */
  classify(input: ClassifyInput, onGuess?: (guess: Classification) => void): Promise<Classification> {
    return this.metrics.timePhase('classify', () => this.decideTopic(input, onGuess));
  }

  private async decideTopic(input: ClassifyInput, onGuess?: (guess: Classification) => void): Promise<Classification> {
    const prompts = (await this.prompts.listEffective(input.userId)).filter((p) => p.enabled);

    const fixed = input.fixedTopic?.trim().toLowerCase();
    const fixedPrompt = fixed ? prompts.find((p) => p.topic === fixed) : undefined;
    if (fixedPrompt) return this.decide(input, prompts, fixedPrompt.topic, 'fixed', this.heuristicVerdict(input, fixedPrompt.topic));

    const rule = findRuleMatch(input.text, prompts);
    if (rule) return this.decide(input, prompts, rule.prompt.topic, 'rule', this.heuristicVerdict(input, rule.prompt.topic));

    return this.sort(input, prompts, onGuess);
  }

  private async sort(input: ClassifyInput, prompts: EffectiveTaskPrompt[], onGuess?: (guess: Classification) => void): Promise<Classification> {
    const topics = prompts.map((p) => ({ topic: p.topic, description: p.description }));
    if (topics.length === 0) return this.fallback(input, prompts, 'no task prompt is enabled');
    const settings = await this.settings.get();
    let model: ResolvedModel;
    try {
      model = await this.ai.resolve(ModelCapability.Sort, { userId: input.userId, modelId: settings.sorterModel });
    } catch (error) {
      return this.fallback(input, prompts, `no sorter model: ${describe(error)}`, error);
    }
    // The offline provider does not answer JSON requests: sort with the heuristics instead.
    const heuristic = (): Classification => this.decide(input, prompts, null, 'sorter', sortHeuristically(input.text, topics, input.files ?? []));
    if (model.offline) return heuristic();
    onGuess?.(heuristic());
    let answer: string;
    try {
      const completion = await this.ai.complete(model, {
        messages: [
          { role: 'system', content: renderSorterPrompt(settings.sorterPrompt, topics) },
          { role: 'user', content: input.text.slice(0, MAX_SORTER_INPUT_CHARS) },
        ],
        json: true,
        temperature: 0,
        maxTokens: 200,
        signal: withTimeout(input.signal, SORTER_TIMEOUT_MS),
      });
      answer = completion.text;
    } catch (error) {
      return this.fallback(input, prompts, `sorter call failed: ${describe(error)}`, error);
    }
    const parsed = parseSorterOutput(answer, topics.map((t) => t.topic));
    if (!parsed.ok) return this.fallback(input, prompts, parsed.error);
    return this.decide(input, prompts, null, 'sorter', parsed.verdict);
  }

  private fallback(input: ClassifyInput, prompts: EffectiveTaskPrompt[], reason: string, error?: unknown): Classification {
    // A cancelled message must stop here, not carry on as "general".
    if (input.signal?.aborted || (error instanceof AiProviderError && error.code === AiErrorCode.Cancelled)) {
      throw error instanceof AiProviderError ? error : new AiProviderError(AiErrorCode.Cancelled, 'Classification was cancelled.');
    }
    this.logger.warn(`classification fell back to "${FALLBACK_TOPIC}": ${reason}`);
    return this.decide(input, prompts, FALLBACK_TOPIC, 'fallback', this.heuristicVerdict(input, FALLBACK_TOPIC));
  }

  private heuristicVerdict(input: ClassifyInput, topic: string): SorterVerdict {
    const intent = analyzeIntent(input.text, input.files ?? []);
    const verdict: SorterVerdict = { topic, language: null, webSearch: intent.webSearch, multiStep: intent.multiStep };
    if (intent.media) verdict.media = intent.media;
    return verdict;
  }

  private decide(
    input: ClassifyInput,
    prompts: EffectiveTaskPrompt[],
    topic: string | null,
    source: ClassificationSource,
    verdict: SorterVerdict,
  ): Classification {
    const chosen = topic ?? verdict.topic;
    const topicWebSearch = prompts.find((p) => p.topic === chosen)?.settings.webSearch ?? null;
    const classification: Classification = {
      topic: chosen,
      language: verdict.language ?? this.ai.detectLanguage(input.text),
      source,
      webSearch: input.webSearch ?? topicWebSearch ?? verdict.webSearch,
      multiStep: verdict.multiStep,
    };
    if (verdict.media) classification.media = verdict.media;
    return classification;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

