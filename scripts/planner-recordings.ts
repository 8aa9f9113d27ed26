import type { INestApplicationContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../src/config/app-config';
import type { ChatMessage } from '../src/modules/ai/ai.types';
import type { PlanInput, PlanResult } from '../src/modules/planner/plan';
import { extractFirstJsonObject } from '../src/modules/planner/plan-output';
import { describePlanRequest, plannerMessages, renderPlannerPrompt } from '../src/modules/planner/planner-prompt';
import { fallbackPlan } from '../src/modules/planner/planner.service';
import { EVAL_DIR, toPlanInput, type CaseSet } from './planner-eval';

/**
 * The recorded-response harness of the planner evaluation: the configured PLAN model's raw answer
 * to every case is saved (`--record`), keyed by case id and a hash of exactly what the model was
 * sent, so anyone can score that model run again later without network or database (replay). A
 * case whose prompt or message changed since has no recording (its hash differs) and is reported
 * as unrecorded, never scored from an answer to another question.
 */

export const RECORDINGS_DIR = join(EVAL_DIR, 'recordings');

export interface PlannerRecording {
  /** Catalogue id of the model that answered (`openai:gpt-4o` …). */
  model: string;
  recordedAt: string;
  /** The planner system prompt the answers were given to (the routing settings' prompt, rendered). */
  systemPrompt: string;
  /** By case id: the hash of the messages sent and the model's raw answer. */
  responses: Record<string, { promptHash: string; response: string }>;
}

/** The configured PLAN model, reachable through the application's AI service. */
export interface PlanModel {
  id: string;
  /** The routing settings' planner prompt template (what production sends). */
  promptTemplate: string;
  complete(messages: ChatMessage[]): Promise<string>;
  close(): Promise<void>;
}

/** Identifies what a model was asked: the system prompt and the request, hashed together. */
export function promptHash(messages: readonly ChatMessage[]): string {
  const hash = createHash('sha256');
  for (const message of messages) hash.update(`${message.role}\u0000${message.content}\u0000`);
  return hash.digest('hex').slice(0, 16);
}

/** A file name for a model id: `openai:gpt-4o` → `openai_gpt-4o.json`. */
export function recordingPath(model: string, dir = RECORDINGS_DIR): string {
  return join(dir, `${model.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export function loadRecording(path: string): PlannerRecording {
  return JSON.parse(readFileSync(path, 'utf8')) as PlannerRecording;
}

export function listRecordings(dir = RECORDINGS_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** What the model planner makes of a raw answer: the plan as answered (scoring validates it), or the fallback. */
export function planFromAnswer(answer: string, language: string): PlanResult {
  const raw = extractFirstJsonObject(answer);
  if (raw === undefined) return { plan: fallbackPlan(language), source: 'fallback', reason: 'the planner did not answer with a JSON object' };
  return { plan: raw as PlanResult['plan'], source: 'planner' };
}

/**
 * Asks the model for a plan for every case of `sets` and keeps its raw answers. A failed call is
 * kept as an empty answer (scored as a fallback), not retried.
 */
export async function askModel(model: PlanModel, sets: readonly CaseSet[], log: (line: string) => void = () => undefined): Promise<PlannerRecording> {
  const recording: PlannerRecording = { model: model.id, recordedAt: new Date().toISOString(), systemPrompt: renderPlannerPrompt(model.promptTemplate), responses: {} };
  for (const set of sets) {
    log(`asking ${model.id} for ${set.name} (${set.cases.length} cases)`);
    for (const c of set.cases) {
      const messages = plannerMessages(model.promptTemplate, toPlanInput(c));
      let response: string;
      try {
        response = await model.complete(messages);
      } catch (error) {
        response = '';
        log(`  ${set.details ? c.id : 'a held-out case'}: the call failed (${error instanceof Error ? error.message : String(error)})`);
      }
      recording.responses[c.id] = { promptHash: promptHash(messages), response };
    }
  }
  return recording;
}

export function saveRecording(recording: PlannerRecording, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(recording, null, 2)}\n`);
}

/**
 * The model planner as recorded: a case's saved answer when it was recorded for exactly this
 * request (same system prompt, same message), else null (unrecorded; `missing` counts them).
 */
export function replayPlanner(recording: PlannerRecording): { planner: (input: PlanInput, id: string) => Promise<PlanResult | null>; missing: () => number } {
  let missing = 0;
  const planner = (input: PlanInput, id: string): Promise<PlanResult | null> => {
    const recorded = recording.responses[id];
    const messages: ChatMessage[] = [
      { role: 'system', content: recording.systemPrompt },
      { role: 'user', content: describePlanRequest(input) },
    ];
    if (!recorded || recorded.promptHash !== promptHash(messages)) {
      missing++;
      return Promise.resolve(null);
    }
    return Promise.resolve(planFromAnswer(recorded.response, input.language));
  };
  return { planner, missing: () => missing };
}

/**
 * Connects to the PLAN model the configuration binds, through the application (database and AI
 * providers; no HTTP server, no queue consumers). A string says why there is none to evaluate.
 */
export async function connectPlanModel(config: AppConfig): Promise<PlanModel | string> {
  const { ollamaUrl, openaiApiKey, openaiBaseUrl, anthropicApiKey } = config.providers;
  if (!ollamaUrl && !openaiApiKey && !openaiBaseUrl && !anthropicApiKey) {
    return 'no AI provider configured — set OPENAI_API_KEY, OPENAI_BASE_URL, OLLAMA_URL or ANTHROPIC_API_KEY to evaluate a model';
  }
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { AiService } = await import('../src/modules/ai/ai.service');
  const { ModelCapability } = await import('../src/modules/ai/ai.types');
  const { RoutingSettingsService } = await import('../src/modules/routing/routing-settings.service');
  const app: INestApplicationContext = await NestFactory.createApplicationContext(AppModule.forRole({ ...config, role: 'web' }), { logger: ['error'] });
  try {
    const settings = await app.get(RoutingSettingsService).get();
    const ai = app.get(AiService);
    const model = await ai.resolve(ModelCapability.Plan, { modelId: settings.plannerModel });
    if (model.offline) {
      await app.close();
      return 'the PLAN binding resolves to the offline provider; bind a model to PLAN to evaluate it';
    }
    return {
      id: model.id,
      promptTemplate: settings.plannerPrompt,
      // The planner service's own request: JSON, temperature 0, the same token budget.
      complete: async (messages) => (await ai.complete(model, { messages, json: true, temperature: 0, maxTokens: 2_000 })).text,
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
