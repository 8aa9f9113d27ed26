import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueueService } from '../../src/infra/queue/job-queue.service';
import { QueueName } from '../../src/infra/queue/queue-name';
import { RedisClients } from '../../src/infra/redis/redis.clients';
import { TrackStreamService } from '../../src/infra/stream/track-stream.service';
import { AiHighProcessor } from '../../src/infra/queue/queue.processors';
import { AnswerDeliveries, type FinishedTurn } from '../../src/modules/chat/answer-deliveries';
import { AnswerRecorder } from '../../src/modules/chat/answer-recorder.service';
import { PlannerService } from '../../src/modules/planner/planner.service';
import type { TaskCapability } from '../../src/modules/planner/plan';
import type { NodeResult, NodeRun, TaskCapabilityHandler } from '../../src/modules/tasks/capabilities/capability';
import { CapabilityRegistry } from '../../src/modules/tasks/capabilities/capability.registry';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser } from '../support/users';
import { waitFor } from '../support/wait-for';

/** Short locks, so a dead worker's job is found stalled within seconds (production: 30 s). */
const FAST_STALLS = { APP_ROLE: 'worker', QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' };

/** What one worker did: the steps it ran (by capability), the plans it asked for, the answers it ended and those it delivered. */
interface WorkerLog {
  runs: TaskCapability[];
  plans: number;
  ends: string[];
  deliveries: FinishedTurn[];
}

/**
 * Watches a worker app from inside: counts the steps it runs, the plans it makes and the answers
 * it hands to their channels. `hangAfter`: once a step of that capability has finished (or from
 * the first step, for `start`), every later step writes a little and never returns, as on a
 * worker frozen mid-answer; `hung` resolves when one starts, and `wake` lets them return.
 */
function watch(app: INestApplicationContext, hangAfter?: TaskCapability | 'start'): { log: WorkerLog; hung: Promise<void>; wake: () => void } {
  const log: WorkerLog = { runs: [], plans: 0, ends: [], deliveries: [] };
  let markHung = (): void => undefined;
  const hung = new Promise<void>((resolve) => (markHung = resolve));
  let wake = (): void => undefined;
  const woken = new Promise<NodeResult>((resolve) => (wake = () => resolve({ text: 'Woken too late.' })));
  let frozen = hangAfter === 'start';
  const registry = app.get(CapabilityRegistry);
  const handlerOf = registry.get.bind(registry);
  registry.get = (name: TaskCapability): TaskCapabilityHandler => {
    const handler = handlerOf(name);
    return {
      name: handler.name,
      kind: handler.kind,
      run: async (run: NodeRun) => {
        if (frozen) {
          run.emitText(PARTIAL);
          markHung();
          return woken;
        }
        log.runs.push(name);
        const result = await handler.run(run);
        if (name === hangAfter) frozen = true;
        return result;
      },
    };
  };
  const planner = app.get(PlannerService);
  const plan = planner.plan.bind(planner);
  planner.plan = (request) => {
    log.plans++;
    return plan(request);
  };
  const recorder = app.get(AnswerRecorder);
  const finish = recorder.finish.bind(recorder);
  recorder.finish = (turn, result) => {
    log.ends.push(turn.answer.id);
    return finish(turn, result);
  };
  // Stands for a webhook endpoint, which takes every answer handed on: what this worker delivered.
  app.get(AnswerDeliveries).observe((turn) => {
    log.deliveries.push(turn);
    return Promise.resolve(true);
  });
  return { log, hung, wake };
}

/** What the dying worker's last step writes before it freezes (the reply's first words). */
const PARTIAL = 'A half-written answer that ';

const textOf = (events: SseEvent[]): string =>
  events
    .filter((event) => event.event === 'chunk')
    .map((event) => (event.data as { text: string }).text)
    .join('');

/**
 * A worker dies mid-answer (docs/api.md, "a worker dies"): its BullMQ worker is closed by force,
 * so its lock lapses unrenewed, and the rest of it is frozen (its current step never returns),
 * as a process killed at that moment. Another worker finds the job stalled and answers again.
 */
describe('a worker dying mid-answer', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let first: INestApplicationContext | undefined;
  let second: INestApplicationContext | undefined;
  let third: INestApplicationContext | undefined;
  let fourth: INestApplicationContext | undefined;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // One answer at a time per user: shows the generation slot held through a worker's death.
    web = await startWebApp(env.config({ APP_ROLE: 'web', MAX_CONCURRENT_GENERATIONS_PER_USER: '1' }));
    token = (await registerUser(web, 'w@example.com')).accessToken;
  });
  afterAll(async () => {
    for (const worker of [fourth, third, second, first]) await worker?.close();
    await web?.close();
    await env?.dispose();
  }, 60_000);

  it('is answered again by another worker: reset, one clean answer, one delivery, finished steps not run again', async () => {
    first = await startWorkerApp(env.config(FAST_STALLS));
    const dying = watch(first, 'document_generation');

    const response = await web.request('/api/v1/messages/stream', {
      method: 'POST',
      token,
      json: {
        message:
          'Summarize the following text and then create a PDF document of the summary: The city council met on Monday. ' +
          'They approved the new park budget. Construction starts in spring. Residents welcomed the decision.',
      },
    });
    expect(response.status).toBe(200);
    const streamed = readSse(response, isTerminal);

    // The document is made, then the worker freezes on the next step and dies.
    await dying.hung;
    await first.get(AiHighProcessor).worker.close(true);
    expect(dying.log.runs).toContain('document_generation');

    second = await startWorkerApp(env.config(FAST_STALLS));
    const rescuer = watch(second);
    const events = await streamed;

    // The stream: the first run's events, one reset, then one whole answer that completes.
    const resets = events.filter((event) => event.event === 'reset');
    expect(resets).toHaveLength(1);
    const resetAt = events.findIndex((event) => event.event === 'reset');
    const before = events.slice(0, resetAt);
    const after = events.slice(resetAt + 1);
    expect(before.some((event) => event.event === 'task_file')).toBe(true);
    expect(textOf(before)).toBe(PARTIAL);
    expect(after.at(-1)?.event).toBe('complete');
    expect(after.map((event) => event.event)).toEqual(expect.arrayContaining(['classified', 'plan', 'task_file']));
    const { messageId, chatId } = events[0]?.data as { messageId: string; chatId: string };
    const answerText = textOf(after);
    expect(answerText.length).toBeGreaterThan(0);
    expect(answerText).not.toContain(PARTIAL);

    // The document made before the death is the answer's file; it was not made again, nor planned again.
    const fileBefore = before.find((event) => event.event === 'task_file')?.data as { file: { id: string } };
    const fileAfter = after.find((event) => event.event === 'task_file')?.data as { file: { id: string } };
    expect(fileAfter.file.id).toBe(fileBefore.file.id);
    expect(rescuer.log.runs).not.toContain('document_generation');
    expect(rescuer.log.runs).not.toContain('summarize');
    expect(rescuer.log.plans).toBe(0);
    expect((after.at(-1)?.data as { files: Array<{ id: string }> }).files.map((file) => file.id)).toEqual([fileBefore.file.id]);
    const pdfs = await env.query<{ n: number }>("SELECT COUNT(*) AS n FROM files WHERE mime = 'application/pdf'");
    expect(Number(pdfs[0]?.n)).toBe(1);

    // The database: one answer, complete, with the new text; its steps recorded once each, done.
    const answers = await env.query<{ id: string; text: string; status: string }>("SELECT id, text, status FROM messages WHERE chat_id = ? AND role = 'assistant'", [chatId]);
    expect(answers).toEqual([{ id: messageId, text: answerText, status: 'complete' }]);
    const tasks = await env.query<{ node_id: string; state: string; result_file_id: string | null }>('SELECT node_id, state, result_file_id FROM message_tasks WHERE message_id = ?', [messageId]);
    expect(tasks.every((task) => task.state === 'done')).toBe(true);
    expect(new Set(tasks.map((task) => task.node_id)).size).toBe(tasks.length);
    expect(tasks.filter((task) => task.result_file_id === fileBefore.file.id)).toHaveLength(1);

    // Exactly one delivery of the answer, by the worker that finished it: counted once its job has completed.
    const trackId = (events[0]?.data as { trackId: string }).trackId;
    const queue = web.app.get(JobQueueService).queue(QueueName.AiHigh);
    await waitFor(async () => (await queue.getJobState(trackId)) === 'completed', { what: 'the rerun job to complete' });
    expect(dying.log.deliveries).toEqual([]);
    expect(rescuer.log.deliveries).toEqual([expect.objectContaining({ messageId, status: 'complete', text: answerText })]);

    // A client resuming from before the reset gets it, then the new answer; one from after it only what follows.
    const fromBefore = await readSse(await web.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': before.at(-1)?.id ?? '' } }), isTerminal);
    expect(fromBefore.map((event) => event.id)).toEqual(events.slice(resetAt).map((event) => event.id));
    const fromAfter = await readSse(await web.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': events[resetAt]?.id ?? '' } }), isTerminal);
    expect(fromAfter.map((event) => event.id)).toEqual(after.map((event) => event.id));

    // The first worker was only frozen: waking now, it finds the answer ended by the rerun and
    // neither stores, announces nor delivers its own end.
    dying.wake();
    await waitFor(() => dying.log.ends.includes(messageId), { what: 'the woken worker to reach the end of the answer' });
    expect(dying.log.deliveries).toEqual([]);
    expect(await env.query('SELECT text, status FROM messages WHERE id = ?', [messageId])).toEqual([{ text: answerText, status: 'complete' }]);
    const track = await web.app.get(TrackStreamService).history(trackId);
    expect(track.filter((event) => event.event === 'complete' || event.event === 'error')).toHaveLength(1);
  }, 120_000);

  it('ends the answer with INTERRUPTED when every worker running it dies, more often than QUEUE_MAX_STALLED_COUNT allows', async () => {
    await second?.close();
    second = undefined;
    third = await startWorkerApp(env.config(FAST_STALLS));
    const dying = watch(third, 'document_generation');
    const response = await web.request('/api/v1/messages/stream', {
      method: 'POST',
      token,
      json: { message: 'Summarize the following text and then create a PDF document of the summary: The budget passed. Work starts in May.' },
    });
    const streamed = readSse(response, isTerminal);
    await dying.hung;
    await third.get(AiHighProcessor).worker.close(true);

    // The rerun's worker dies too, on its first step; the next worker finds the job stalled once too often.
    fourth = await startWorkerApp(env.config(FAST_STALLS));
    const alsoDying = watch(fourth, 'start');
    await alsoDying.hung;
    await fourth.get(AiHighProcessor).worker.close(true);
    await fourth.close();
    fourth = await startWorkerApp(env.config(FAST_STALLS));
    const last = watch(fourth);
    const events = await streamed;

    expect(events.filter((event) => event.event === 'reset')).toHaveLength(2);
    expect(events.at(-2)?.event).toBe('reset');
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'INTERRUPTED' } });
    const { messageId } = events[0]?.data as { messageId: string };
    const stored = await env.query<{ status: string; error_code: string }>('SELECT status, error_code FROM messages WHERE id = ?', [messageId]);
    expect(stored).toEqual([{ status: 'failed', error_code: 'INTERRUPTED' }]);
    expect(last.log.runs).toEqual([]);
    await waitFor(() => last.log.deliveries.length > 0, { what: 'the failed answer to be delivered' });
    expect(last.log.deliveries).toEqual([expect.objectContaining({ messageId, status: 'failed' })]);
  }, 120_000);

  it('announces and delivers an answer whose worker died after storing it, before it could say so', async () => {
    for (const worker of [fourth, third]) await worker?.close();
    [third, fourth] = [undefined, undefined];
    const storing = await startWorkerApp(env.config(FAST_STALLS));
    third = storing;
    const dying = watch(storing);
    // The worker stores the answer's end, then freezes before announcing it.
    let markStored = (): void => undefined;
    const stored = new Promise<void>((resolve) => (markStored = resolve));
    const recorder = storing.get(AnswerRecorder);
    const finish = recorder.finish.bind(recorder);
    recorder.finish = async (turn, result) => {
      await finish(turn, result);
      markStored();
      return new Promise<boolean>(() => undefined);
    };

    const response = await web.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hello! What is the capital of France?' } });
    const streamed = readSse(response, isTerminal);
    await stored;
    await storing.get(AiHighProcessor).worker.close(true);
    fourth = await startWorkerApp(env.config(FAST_STALLS));
    const rescuer = watch(fourth);
    const events = await streamed;

    const { messageId, trackId } = events[0]?.data as { messageId: string; trackId: string };
    expect(events.some((event) => event.event === 'reset')).toBe(false);
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { messageId, status: 'complete', provider: 'offline' } });
    const [answer] = await env.query<{ text: string; status: string }>('SELECT text, status FROM messages WHERE id = ?', [messageId]);
    expect(answer).toEqual({ text: textOf(events), status: 'complete' });
    const queue = web.app.get(JobQueueService).queue(QueueName.AiHigh);
    await waitFor(async () => (await queue.getJobState(trackId)) === 'completed', { what: 'the rerun job to complete' });
    expect(rescuer.log.runs).toEqual([]);
    expect(dying.log.deliveries).toEqual([]);
    expect(rescuer.log.deliveries).toEqual([expect.objectContaining({ messageId, status: 'complete', text: answer?.text })]);
  }, 120_000);

  it('silences a worker taken for dead that was only stalled: it stops, saying and writing nothing more', async () => {
    for (const worker of [fourth, third]) await worker?.close();
    [third, fourth] = [undefined, undefined];
    const stalling = await startWorkerApp(env.config(FAST_STALLS));
    third = stalling;
    const stalled = watch(stalling, 'document_generation');
    const response = await web.request('/api/v1/messages/stream', {
      method: 'POST',
      token,
      json: { message: 'Summarize the following text and then create a PDF document of the summary: The bridge reopens in June. Buses return too.' },
    });
    const seen: SseEvent[] = [];
    const streamed = readSse(response, (event) => {
      seen.push(event);
      return isTerminal(event);
    });
    await stalled.hung;

    // As if its event loop had stalled past the lock: the lock lapses while the worker still runs
    // (paused, so it takes no job, its own back included); its next renewal fails.
    const { trackId } = seen[0]?.data as { trackId: string };
    const queue = web.app.get(JobQueueService).queue(QueueName.AiHigh);
    const worker = stalling.get(AiHighProcessor).worker;
    await worker.pause(true);
    await web.app.get(RedisClients).app.del(`${queue.toKey(trackId)}:lock`);
    fourth = await startWorkerApp(env.config(FAST_STALLS));
    const rescuer = watch(fourth);
    const events = await streamed;

    expect(events.filter((event) => event.event === 'reset')).toHaveLength(1);
    expect(events.at(-1)?.event).toBe('complete');
    await waitFor(async () => (await queue.getJobState(trackId)) === 'completed', { what: 'the rerun job to complete' });
    const { messageId } = events[0]?.data as { messageId: string };
    // The stalled run stopped as its renewal failed: woken, it has nothing left to do (its worker
    // closes at once, having no job in hand), and it stored, announced and delivered nothing.
    stalled.wake();
    await worker.close();
    expect(stalled.log.ends).toEqual([]);
    expect(stalled.log.deliveries).toEqual([]);
    expect(rescuer.log.deliveries).toEqual([expect.objectContaining({ messageId, status: 'complete' })]);
    const track = await web.app.get(TrackStreamService).history(trackId);
    expect(track.map((event) => event.id)).toEqual(events.map((event) => event.id));
    const tasks = await env.query<{ state: string }>('SELECT state FROM message_tasks WHERE message_id = ?', [messageId]);
    expect(tasks.map((task) => task.state)).toEqual(['done', 'done', 'done']);
  }, 120_000);

  it('keeps the generation slot through the death and obeys a stop pressed meanwhile', async () => {
    for (const worker of [fourth, third]) await worker?.close();
    [third, fourth] = [undefined, undefined];
    third = await startWorkerApp(env.config(FAST_STALLS));
    const dying = watch(third, 'document_generation');
    const response = await web.request('/api/v1/messages/stream', {
      method: 'POST',
      token,
      json: { message: 'Summarize the following text and then create a PDF document of the summary: The pool opens in July. Entry is free.' },
    });
    const seen: SseEvent[] = [];
    const streamed = readSse(response, (event) => {
      seen.push(event);
      return isTerminal(event);
    });
    await dying.hung;
    // Dead through and through: no longer listening for a stop either.
    await third.get(AiHighProcessor).worker.close(true);
    await third.close();
    third = undefined;
    const { trackId, messageId } = seen[0]?.data as { trackId: string; messageId: string };

    // While no worker answers, the user's one slot is still the answer's, and Stop is pressed.
    const meanwhile = await web.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Another question' } });
    expect(meanwhile.status).toBe(429);
    await meanwhile.body?.cancel();
    expect((await web.request('/api/v1/messages/stop', { method: 'POST', token, json: { trackId } })).status).toBe(202);

    fourth = await startWorkerApp(env.config(FAST_STALLS));
    const rescuer = watch(fourth);
    const events = await streamed;

    // The rerun starts, sees the stop and ends the answer stopped, without running a step.
    const resetAt = events.findIndex((event) => event.event === 'reset');
    expect(resetAt).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'stopped', messageId } });
    expect(textOf(events.slice(resetAt))).toBe('');
    expect(rescuer.log.runs).toEqual([]);
    expect(await env.query('SELECT status FROM messages WHERE id = ?', [messageId])).toEqual([{ status: 'stopped' }]);

    // Its slot is free again: the next message is taken.
    const next = await web.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hello again' } });
    expect(next.status).toBe(200);
    expect((await readSse(next, isTerminal)).at(-1)?.event).toBe('complete');
  }, 120_000);

  it('hands an answer to its channel once when its worker died after announcing it, before delivering it', async () => {
    for (const worker of [fourth, third]) await worker?.close();
    [third, fourth] = [undefined, undefined];
    third = await startWorkerApp(env.config(FAST_STALLS));
    // The worker announces the answer's end, then freezes as it would hand it to its channel.
    let markDelivering = (): void => undefined;
    const delivering = new Promise<void>((resolve) => (markDelivering = resolve));
    third.get(AnswerDeliveries).deliver = () => {
      markDelivering();
      return new Promise<void>(() => undefined);
    };
    const events = await readSse(await web.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hello! What is the capital of Spain?' } }), isTerminal);
    await delivering;
    await third.get(AiHighProcessor).worker.close(true);
    fourth = await startWorkerApp(env.config(FAST_STALLS));
    const rescuer = watch(fourth);

    const { messageId, trackId } = events[0]?.data as { messageId: string; trackId: string };
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { messageId, status: 'complete' } });
    const queue = web.app.get(JobQueueService).queue(QueueName.AiHigh);
    await waitFor(async () => (await queue.getJobState(trackId)) === 'completed', { what: 'the rerun job to complete' });
    expect(rescuer.log.deliveries).toEqual([expect.objectContaining({ messageId, status: 'complete', text: textOf(events) })]);
    // Announced once: the rerun added nothing to the track.
    const track = await web.app.get(TrackStreamService).history(trackId);
    expect(track.map((event) => event.id)).toEqual(events.map((event) => event.id));
  }, 120_000);

  it('does not hand an answer to its channel again when its worker died right after delivering it', async () => {
    for (const worker of [fourth, third]) await worker?.close();
    [third, fourth] = [undefined, undefined];
    third = await startWorkerApp(env.config(FAST_STALLS));
    const dying = watch(third);
    // The worker delivers the answer, then freezes before its job is done.
    let markDelivered = (): void => undefined;
    const delivered = new Promise<void>((resolve) => (markDelivered = resolve));
    const deliveries = third.get(AnswerDeliveries);
    const deliver = deliveries.deliver.bind(deliveries);
    deliveries.deliver = async (turn) => {
      await deliver(turn);
      markDelivered();
      return new Promise<void>(() => undefined);
    };
    const events = await readSse(await web.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hello! What is the capital of Italy?' } }), isTerminal);
    await delivered;
    await third.get(AiHighProcessor).worker.close(true);
    fourth = await startWorkerApp(env.config(FAST_STALLS));
    const rescuer = watch(fourth);

    const { messageId, trackId } = events[0]?.data as { messageId: string; trackId: string };
    const queue = web.app.get(JobQueueService).queue(QueueName.AiHigh);
    await waitFor(async () => (await queue.getJobState(trackId)) === 'completed', { what: 'the rerun job to complete' });
    expect(dying.log.deliveries).toEqual([expect.objectContaining({ messageId, status: 'complete' })]);
    expect(rescuer.log.deliveries).toEqual([]);
  }, 120_000);
});
