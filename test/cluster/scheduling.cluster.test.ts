import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness } from '../../scripts/cluster/harness';
import { JobName } from '../../src/infra/queue/jobs';
import { QueueName } from '../../src/infra/queue/queue-name';
import { inReplyTo, rawMail, startDovecot, startSmtpSink, type Dovecot, type SmtpSink } from '../support/mail-servers';
import { DEFAULT_PASSWORD, registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { reportLogsOnFailure } from './cluster-suite';

const PURGE_INTERVAL_S = 2;
const USER_REQUESTS_PER_MIN = 20;
const MAILBOX = 'desk@example.com';
const MAILBOX_PASSWORD = 'imap-secret';

/** The tick a scheduled job ran for: BullMQ names each run `repeat:<scheduler>:<tick in ms>`. */
const tickOf = (jobId: string | undefined): number => Number(jobId?.split(':').at(-1));

/** Work that belongs to the cluster, not to a node: periodic jobs, the mailbox poll and request budgets. */
describe('schedules, polls and rate limits across the cluster', () => {
  let cluster: ClusterHarness;
  let queue: Queue;
  let smtp: SmtpSink;
  let dovecot: Dovecot;

  beforeAll(async () => {
    [smtp, dovecot] = await Promise.all([startSmtpSink(), startDovecot({ [MAILBOX]: MAILBOX_PASSWORD })]);
    cluster = await ClusterHarness.start({
      env: {
        TOKEN_PURGE_INTERVAL_S: String(PURGE_INTERVAL_S),
        RATE_LIMIT_USER_PER_MIN: String(USER_REQUESTS_PER_MIN),
        // The mailbox of the environment, polled every second, answered through the SMTP sink.
        IMAP_HOST: '127.0.0.1',
        IMAP_PORT: String(dovecot.port),
        IMAP_SECURE: 'false',
        IMAP_USER: MAILBOX,
        IMAP_PASSWORD: MAILBOX_PASSWORD,
        EMAIL_POLL_INTERVAL_S: '1',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_SECURE: 'false',
        SMTP_FROM: `Desk <${MAILBOX}>`,
      },
    });
    const { REDIS_URL: url = '', REDIS_KEY_PREFIX: prefix = '' } = cluster.sharedEnv;
    queue = new Queue(QueueName.AiHigh, { connection: { url }, prefix: `${prefix}bull` });
  });
  afterAll(async () => {
    await queue?.close();
    await cluster?.stop();
    await Promise.all([smtp?.close(), dovecot?.close()]);
  });
  reportLogsOnFailure(() => cluster);

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    if (!cluster.environment) throw new Error('the cluster runs on a database of its own');
    return cluster.environment.query<T>(sql, params);
  };

  it('runs the token purge once per tick across two workers, and it does its work', async () => {
    const purgeJob: string = JobName.PurgeExpiredTokens;
    const purges = async (): Promise<Array<{ id?: string; returnvalue: { deleted: number } }>> =>
      (await queue.getJobs(['completed'], 0, -1)).filter((job) => job.name === purgeJob);
    // Runs from before now (the workers' start-up, where each upserts the schedule) are left out.
    const earlier = new Set((await purges()).map((job) => job.id));

    // A refresh token dead for over a week (logged out 8 days ago) is what the purge deletes.
    await registerUser(cluster, 'pat@example.com');
    const login = await cluster.request('/api/v1/auth/login', { method: 'POST', json: { email: 'pat@example.com', password: DEFAULT_PASSWORD } });
    const { refreshToken } = (await login.json()) as Session;
    expect((await cluster.request('/api/v1/auth/logout', { method: 'POST', json: { refreshToken } })).status).toBe(204);
    await query('UPDATE refresh_tokens SET revoked_at = NOW(3) - INTERVAL 8 DAY WHERE revoked_at IS NOT NULL');
    const [{ dead = 0 } = {}] = await query<{ dead: number }>('SELECT COUNT(*) AS dead FROM refresh_tokens WHERE revoked_at IS NOT NULL');
    expect(Number(dead)).toBeGreaterThan(0);

    const later = await waitFor(
      async () => {
        const runs = (await purges()).filter((job) => !earlier.has(job.id));
        return runs.length >= 3 ? runs : undefined;
      },
      { timeoutMs: 30_000, what: '3 more runs of the token purge' },
    );

    // One run per tick: consecutive ticks, each PURGE_INTERVAL_S apart, none run twice or skipped.
    const ticks = later.map((job) => tickOf(job.id)).sort((a, b) => a - b);
    for (let i = 1; i < ticks.length; i++) expect((ticks[i] ?? 0) - (ticks[i - 1] ?? 0)).toBe(PURGE_INTERVAL_S * 1000);
    // The dead token went, deleted by exactly one run; the live sessions stayed.
    expect(later.map((job) => job.returnvalue.deleted).filter((deleted) => deleted > 0)).toEqual([Number(dead)]);
    expect(await query('SELECT id FROM refresh_tokens WHERE revoked_at IS NOT NULL')).toEqual([]);
    expect((await query('SELECT id FROM refresh_tokens')).length).toBeGreaterThan(0);
  });

  it('reads the mailbox from one worker at a time, and answers each mail once', async () => {
    // The first account owns the mailbox the environment configures.
    await registerUser(cluster, 'owner@example.com');
    const mails = ['<m1@example.org>', '<m2@example.org>', '<m3@example.org>'];
    for (const [i, messageId] of mails.entries()) await dovecot.deliver(MAILBOX, rawMail({ to: MAILBOX, subject: `Question ${i + 1}`, messageId, body: `What is ${i + 1} + 1?` }));
    for (const messageId of mails) await smtp.waitForMail(inReplyTo(messageId), `the answer to ${messageId}`);
    // Mail is read in order: once a later mail is answered, any second reading of the first three would have come first.
    await dovecot.deliver(MAILBOX, rawMail({ to: MAILBOX, subject: 'Later', messageId: '<m4@example.org>', body: 'One more thing.' }));
    await smtp.waitForMail(inReplyTo('<m4@example.org>'), 'the answer to m4');

    for (const messageId of [...mails, '<m4@example.org>']) expect(smtp.received.filter(inReplyTo(messageId)), messageId).toHaveLength(1);
    // Both workers polled the mailbox's lease every second; one IMAP session, on one worker, read it all.
    expect(await dovecot.appLogins(MAILBOX)).toBe(1);
    expect(cluster.workers.filter((worker) => worker.logs().includes(`Reading mailbox ${MAILBOX}`))).toHaveLength(1);
  });

  it(`holds a user to ${USER_REQUESTS_PER_MIN} requests a minute across all 3 web nodes, not ${USER_REQUESTS_PER_MIN} on each`, async () => {
    const { accessToken } = await registerUser(cluster, 'quinn@example.com');
    const statuses: number[] = [];
    const servedBy = new Set<string>();
    for (let i = 0; i < 3 * USER_REQUESTS_PER_MIN; i++) {
      const response = await cluster.request('/api/v1/auth/me', { token: accessToken });
      statuses.push(response.status);
      servedBy.add(response.headers.get('x-served-by') ?? 'unknown');
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      await response.body?.cancel();
    }
    expect([...servedBy].sort()).toEqual(cluster.webs.map((node) => node.name));
    expect(statuses.filter((status) => status === 200)).toHaveLength(USER_REQUESTS_PER_MIN);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * USER_REQUESTS_PER_MIN);
    expect(statuses.slice(0, USER_REQUESTS_PER_MIN).every((status) => status === 200)).toBe(true);
  });
});
