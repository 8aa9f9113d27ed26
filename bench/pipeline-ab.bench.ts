/**
 * `npm run bench:pipeline:ab -- <base checkout>`: the fast path of bench:pipeline (section 1), this
 * checkout against another build of the server, both running at once and measured in alternating
 * blocks of messages.
 *
 * On a shared machine whose speed drifts within minutes, two bench:pipeline runs a minute apart
 * can differ by a third with the same code: comparing a change with its parent run by run needs
 * many runs to see a few percent. Here both builds (each a web and a worker process, with a
 * database and a key prefix of their own, against one instant fake model) take turns every
 * BLOCK messages, so a drift weighs on both alike. On this repository's bench machine the same build
 * against itself came out between 0.96× and 1.02× at p50 (p99 varies far more): run that first to
 * see your machine's noise, and BENCH_AB_ROUNDS=90 (three times the messages) to narrow it.
 *
 * The base checkout must be built (`npm run build:server` there), e.g.
 *   git worktree add /tmp/base HEAD~1 && ln -s "$PWD/node_modules" /tmp/base/node_modules && (cd /tmp/base && npm run build:server)
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FakeOpenAiServer, type FakeReply } from '../test/support/fake-openai-server';
import { pipelineReply } from '../test/support/pipeline-replies';
import { TestEnvironment } from '../test/support/test-environment';
import { api, followUpJobs, platformEnvironment, startPlatform, timeToFirstChunk, type Platform } from './pipeline-platform';
import { percentile } from './stats';

const BLOCK = 20;
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 30);
/** Paced messages per block: each sent once the build's follow-up jobs are done, as in bench:pipeline. */
const PACED_PER_BLOCK = 4;
const WARMUP = 20;

interface Contender {
  label: string;
  platform: Platform;
  env: TestEnvironment;
  send: (message: string) => Promise<number>;
  followUps: ReturnType<typeof followUpJobs>;
  backToBack: number[];
  paced: number[];
}

async function contender(label: string, root: string, openaiBaseUrl: string): Promise<Contender> {
  if (!existsSync(resolve(root, 'dist/main.js'))) throw new Error(`${root} has no dist/main.js: run npm run build:server there first`);
  const env = await TestEnvironment.create({ name: 'sb_bench_ab' });
  const platform = await startPlatform(root, platformEnvironment(env, openaiBaseUrl));
  const { accessToken } = (await api(platform.base, '/auth/register', { email: 'bench@example.com', password: 'benchmark-password', name: 'Bench' })) as { accessToken: string };
  const followUps = followUpJobs(env);
  return {
    label,
    platform,
    env,
    followUps,
    send: (message) => timeToFirstChunk(`${platform.base}/api/v1/messages/stream`, { message }, { authorization: `Bearer ${accessToken}` }),
    backToBack: [],
    paced: [],
  };
}

function figures(samples: number[]): { p50: number; p90: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}

async function main(): Promise<void> {
  const baseRoot = process.argv[2];
  if (!baseRoot) throw new Error('usage: npm run bench:pipeline:ab -- <base checkout, built>');
  const openai = await FakeOpenAiServer.start({
    instant: true,
    defaultReply: (request) => {
      const reply = pipelineReply(request);
      return typeof reply === 'string' ? ({ text: reply } satisfies FakeReply) : reply;
    },
  });
  const contenders: Contender[] = [];
  try {
    contenders.push(await contender('base', resolve(baseRoot), openai.baseUrl));
    contenders.push(await contender('this checkout', resolve(__dirname, '..'), openai.baseUrl));
    for (const { send } of contenders) for (let i = 0; i < WARMUP; i++) await send(`Hello, how are you today? (warm-up ${i})`);
    for (let round = 0; round < ROUNDS; round++) {
      // Each build goes first in every other round.
      for (const one of round % 2 === 0 ? contenders : [...contenders].reverse()) {
        await one.followUps.done();
        for (let i = 0; i < BLOCK; i++) one.backToBack.push(await one.send(`Hello, how are you today? (${round}.${i})`));
        for (let i = 0; i < PACED_PER_BLOCK; i++) {
          await one.followUps.done();
          one.paced.push(await one.send(`Hello, how are you today? (paced ${round}.${i})`));
        }
      }
    }
    const [base, ours] = contenders.map((one) => ({ label: one.label, backToBack: figures(one.backToBack), paced: figures(one.paced) }));
    console.log(`\nTime to first answer chunk, fast path, instant model (ms): ${ROUNDS * BLOCK} back-to-back and ${ROUNDS * PACED_PER_BLOCK} paced messages each, in alternating blocks`);
    console.table(
      [base, ours].map(({ label, backToBack, paced }) => ({
        build: label,
        'b2b p50': backToBack.p50.toFixed(2),
        'b2b p90': backToBack.p90.toFixed(2),
        'b2b p99': backToBack.p99.toFixed(2),
        'paced p50': paced.p50.toFixed(2),
        'paced p99': paced.p99.toFixed(2),
      })),
    );
    const ratio = (a: number, b: number): string => `${(a / b).toFixed(3)}×`;
    console.log(
      `this checkout / base: back to back p50 ${ratio(ours.backToBack.p50, base.backToBack.p50)}, p90 ${ratio(ours.backToBack.p90, base.backToBack.p90)}, p99 ${ratio(ours.backToBack.p99, base.backToBack.p99)}; ` +
        `paced p50 ${ratio(ours.paced.p50, base.paced.p50)}, p99 ${ratio(ours.paced.p99, base.paced.p99)}`,
    );
  } finally {
    for (const one of contenders) {
      await one.followUps.close();
      await one.platform.stop();
      await one.env.dispose();
    }
    await openai.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
