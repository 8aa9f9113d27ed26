import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_PROMPTS } from '../../src/modules/routing/default-task-prompts';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';

interface PromptRow {
  topic: string;
  n: number;
}

/** Web and worker nodes boot at the same time against an empty installation. */
describe('default task prompts are seeded once', () => {
  let env: TestEnvironment;
  let web: RunningWebApp | undefined;
  let worker: INestApplicationContext | undefined;

  const systemPrompts = (): Promise<PromptRow[]> =>
    env.query<PromptRow>("SELECT topic, COUNT(*) AS n FROM task_prompts WHERE scope = 'system' GROUP BY topic ORDER BY topic");

  beforeAll(async () => {
    env = await TestEnvironment.create();
  });
  afterAll(async () => {
    await Promise.allSettled([web?.close(), worker?.close()]);
    await env?.dispose();
  });

  it('inserts every default exactly once when two nodes boot at once', async () => {
    [web, worker] = await Promise.all([startWebApp(env.config()), startWorkerApp(env.config({ APP_ROLE: 'worker' }))]);

    const rows = await systemPrompts();
    expect(rows.map((r) => r.topic)).toEqual(DEFAULT_TASK_PROMPTS.map((p) => p.topic).sort());
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it('leaves edited defaults alone and only brings back missing ones on the next boot', async () => {
    await env.query("UPDATE task_prompts SET prompt = 'Edited by an admin.' WHERE scope = 'system' AND topic = 'translate'");
    await env.query("DELETE FROM task_prompts WHERE scope = 'system' AND topic = 'general'");
    await Promise.all([web?.close(), worker?.close()]);
    web = undefined;
    worker = undefined;

    [web, worker] = await Promise.all([startWebApp(env.config()), startWorkerApp(env.config({ APP_ROLE: 'worker' }))]);

    const rows = await systemPrompts();
    expect(rows.map((r) => r.topic)).toEqual(DEFAULT_TASK_PROMPTS.map((p) => p.topic).sort());
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const [translate] = await env.query<{ prompt: string }>("SELECT prompt FROM task_prompts WHERE scope = 'system' AND topic = 'translate'");
    expect(translate?.prompt).toBe('Edited by an admin.');
  });
});
