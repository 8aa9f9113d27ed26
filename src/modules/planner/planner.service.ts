import { Injectable, Logger } from '@nestjs/common';
import { AiErrorCode, AiProviderError } from '../ai/ai-provider.error';
import { AiService } from '../ai/ai.service';
import { ModelCapability, type ResolvedModel } from '../ai/ai.types';
import { MetricsService } from '../metrics/metrics.service';
import { RoutingSettingsService } from '../routing/routing-settings.service';
import { withTimeout } from '../routing/with-timeout';
import { planHeuristically } from './heuristic-planner';
import type { Plan, PlanInput, PlanResult } from './plan';
import { extractFirstJsonObject } from './plan-output';
import { validatePlan } from './plan-validator';
import { plannerMessages } from './planner-prompt';

const PLANNER_TIMEOUT_MS = 60_000;

/** The stand-in when a plan is unusable: one chat node answering the message. */
export function fallbackPlan(language: string): Plan {
  return {
    version: 1,
    language,
    replyNode: 'n1',
    tasks: [{ id: 'n1', capability: 'chat', dependsOn: [], inputs: { text: '$message.text' }, params: {} }],
  };
}

/**
 * Plans a multi-step request (the plan step, docs/api.md) with the routing settings' planner model (or the PLAN
 * binding) and prompt. With the offline provider, the heuristic planner plans instead. Whatever the
 * model returns is validated; any violation or provider error yields the single-chat-node fallback
 * with the reason.
 */
@Injectable()
export class PlannerService {
  private readonly logger = new Logger(PlannerService.name);

  constructor(
    private readonly ai: AiService,
    private readonly settings: RoutingSettingsService,
    private readonly metrics: MetricsService,
  ) {}

  plan(input: PlanInput): Promise<PlanResult> {
    return this.metrics.timePhase('plan', () => this.planRequest(input));
  }

  private async planRequest(input: PlanInput): Promise<PlanResult> {
    const settings = await this.settings.get();
    let model: ResolvedModel;
    try {
      model = await this.ai.resolve(ModelCapability.Plan, { userId: input.userId, modelId: settings.plannerModel });
    } catch (error) {
      return this.fallback(input, `no planner model: ${describe(error)}`, error);
    }
    // The offline provider does not answer JSON requests: plan with the heuristics instead.
    if (model.offline) return this.accept(input, planHeuristically(input), 'heuristic planner');

    let answer: string;
    try {
      const completion = await this.ai.complete(model, {
        messages: plannerMessages(settings.plannerPrompt, input),
        json: true,
        temperature: 0,
        maxTokens: 2_000,
        signal: withTimeout(input.signal, PLANNER_TIMEOUT_MS),
      });
      answer = completion.text;
    } catch (error) {
      return this.fallback(input, `planner call failed: ${describe(error)}`, error);
    }
    const raw = extractFirstJsonObject(answer);
    if (raw === undefined) return this.fallback(input, 'the planner did not answer with a JSON object');
    return this.accept(input, raw, 'planner model');
  }

  private accept(input: PlanInput, raw: unknown, by: string): PlanResult {
    const checked = validatePlan(raw);
    if (!checked.ok) return this.fallback(input, `the ${by} produced an invalid plan: ${checked.errors.slice(0, 5).join('; ')}`);
    return { plan: checked.plan, source: 'planner' };
  }

  private fallback(input: PlanInput, reason: string, error?: unknown): PlanResult {
    if (input.signal?.aborted || (error instanceof AiProviderError && error.code === AiErrorCode.Cancelled)) {
      throw error instanceof AiProviderError ? error : new AiProviderError(AiErrorCode.Cancelled, 'Planning was cancelled.');
    }
    this.logger.warn(`planning fell back to a single chat node: ${reason}`);
    return { plan: fallbackPlan(input.language), source: 'fallback', reason };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
