import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueueService } from '../../src/infra/queue/job-queue.service';
import { JobName } from '../../src/infra/queue/jobs';
import { QueueName } from '../../src/infra/queue/queue-name';
import { RedisClients } from '../../src/infra/redis/redis.clients';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { waitFor } from '../support/wait-for';

/** The web role only produces jobs; a separate worker process-equivalent consumes them. */
describe('queues: web enqueues, worker processes', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config({ APP_ROLE: 'web' }));
  });
  afterAll(async () => {
    await web?.close();
    await worker?.close();
    await env?.dispose();
  });

  it('runs a job enqueued by a web instance on a separate worker instance', async () => {
    // Dead refresh tokens for the housekeeping job to remove, and one live token it must keep.
    await registerUser(web, 'q@example.com');
    const [user] = await env.query<{ id: string }>('SELECT id FROM users');
    await env.query(
      `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at) VALUES
       (UUID(), ?, UUID(), SHA2('dead-1', 256), NOW(3) - INTERVAL 30 DAY),
       (UUID(), ?, UUID(), SHA2('dead-2', 256), NOW(3) - INTERVAL 9 DAY)`,
      [user?.id, user?.id],
    );
    expect(await env.query('SELECT id FROM refresh_tokens')).toHaveLength(3);

    const jobs = web.app.get(JobQueueService);
    const jobId = await jobs.enqueue({ name: JobName.PurgeExpiredTokens, data: { olderThanS: 24 * 3600 } });
    const queue = jobs.queue(QueueName.AiHigh);
    // The web role has no consumers: the job stays waiting until a worker exists.
    expect(await queue.getJobState(jobId)).toBe('waiting');
    expect(await queue.getWorkersCount()).toBe(0);

    worker = await startWorkerApp(env.config({ APP_ROLE: 'worker' }));
    await waitFor(async () => (await queue.getJobState(jobId)) === 'completed', { what: 'the job to complete' });
    const job = await queue.getJob(jobId);
    expect(job?.returnvalue).toEqual({ deleted: 2 });
    expect(await env.query('SELECT id FROM refresh_tokens')).toHaveLength(1);
  });

  it('queues a job after what is written before it on its connection, without waiting for that write', async () => {
    const jobs = web.app.get(JobQueueService);
    const queue = jobs.queue(QueueName.AiHigh);
    const key = `${env.redisKeyPrefix}written-first`;
    let releaseWrite!: () => void;
    const writeAnswered = new Promise<void>((resolve) => (releaseWrite = resolve));
    let firstOn: unknown;
    const queued = jobs.enqueueAfter(
      async (connection) => {
        firstOn = connection;
        await connection.set(key, '1', 'EX', 60);
        await writeAnswered;
      },
      { name: JobName.PurgeExpiredTokens, data: { olderThanS: 24 * 3600 } },
      { jobId: 'after-a-write' },
    );
    // The job is there while `first` has not finished, and what `first` wrote is there with it.
    await waitFor(async () => (await queue.getJob('after-a-write')) !== undefined, { what: 'the job to be queued' });
    expect(firstOn).toBe(await queue.getBackend().client);
    expect(await web.app.get(RedisClients).app.get(key)).toBe('1');
    releaseWrite();
    await expect(queued).resolves.toBe('after-a-write');
  });

  it('lets the worker register its periodic jobs once, cluster-wide', async () => {
    const schedulers = await web.app.get(JobQueueService).queue(QueueName.AiHigh).getJobSchedulers();
    expect(schedulers.map((s) => s.name)).toEqual([JobName.PurgeExpiredTokens]);
  });
});
