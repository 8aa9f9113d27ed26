import { describe, expect, it } from 'vitest';
import type { TaskState } from '../chat/message-task.entity';
import type { FileDto } from '../files/dto/file.dto';
import { MetricsService } from '../metrics/metrics.service';
import type { Plan, PlanTask, TaskCapability } from '../planner/plan';
import { CapabilityError, NO_KNOWLEDGE, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capabilities/capability';
import type { CapabilityRegistry } from './capabilities/capability.registry';
import { PlanExecutor, type ExecutionObserver, type ExecutionOutcome, type NodeBase } from './plan-executor';

class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

type Kind = 'text' | 'media';

const KINDS: Record<string, Kind> = {
  chat: 'text',
  summarize: 'text',
  translate: 'text',
  compose_reply: 'text',
  image_generation: 'media',
  text2sound: 'media',
  document_generation: 'media',
};

/** Lets a few turns of the event loop pass, so the executor can act on what just happened. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Capability handlers the test drives: each run waits until the test finishes or fails it (or
 * until its signal aborts), unless a script was given for the node or `autoComplete` is on.
 */
class FakeCapabilities {
  readonly log: string[] = [];
  readonly runs = new Map<string, NodeRun>();
  readonly active = { text: 0, media: 0 };
  readonly maxActive = { text: 0, media: 0 };
  autoComplete = false;
  private readonly gates = new Map<string, Deferred<NodeResult>>();
  private readonly starts = new Map<string, Deferred<NodeRun>>();
  private readonly scripts = new Map<string, (run: NodeRun) => Promise<NodeResult>>();

  readonly registry = {
    get: (name: TaskCapability): TaskCapabilityHandler => {
      const kind = KINDS[name];
      if (!kind) throw new Error(`no fake handler for ${name}`);
      return { name, kind, run: (run) => this.start(kind, run) };
    },
  } as unknown as CapabilityRegistry;

  script(nodeId: string, behaviour: (run: NodeRun) => Promise<NodeResult>): void {
    this.scripts.set(nodeId, behaviour);
  }

  whenStarted(nodeId: string): Promise<NodeRun> {
    return this.startOf(nodeId).promise;
  }

  started(): string[] {
    return this.log.filter((entry) => entry.startsWith('start:')).map((entry) => entry.slice('start:'.length));
  }

  finish(nodeId: string, result: NodeResult = { text: `${nodeId} out` }): void {
    this.gateOf(nodeId).resolve(result);
  }

  fail(nodeId: string, error: unknown): void {
    this.gateOf(nodeId).reject(error);
  }

  private start(kind: Kind, run: NodeRun): Promise<NodeResult> {
    this.log.push(`start:${run.nodeId}`);
    this.runs.set(run.nodeId, run);
    this.active[kind]++;
    this.maxActive[kind] = Math.max(this.maxActive[kind], this.active[kind]);
    const gate = this.gateOf(run.nodeId);
    run.signal.addEventListener('abort', () => gate.reject(run.signal.reason), { once: true });
    const script = this.scripts.get(run.nodeId);
    if (script) script(run).then(gate.resolve, gate.reject);
    else if (this.autoComplete) queueMicrotask(() => gate.resolve({ text: `${run.nodeId} out` }));
    this.startOf(run.nodeId).resolve(run);
    return gate.promise.finally(() => {
      this.active[kind]--;
      this.log.push(`end:${run.nodeId}`);
    });
  }

  private gateOf(nodeId: string): Deferred<NodeResult> {
    let gate = this.gates.get(nodeId);
    if (!gate) {
      gate = new Deferred<NodeResult>();
      this.gates.set(nodeId, gate);
    }
    return gate;
  }

  private startOf(nodeId: string): Deferred<NodeRun> {
    let start = this.starts.get(nodeId);
    if (!start) {
      start = new Deferred<NodeRun>();
      this.starts.set(nodeId, start);
    }
    return start;
  }
}

interface StateRecord {
  nodeId: string;
  position: number;
  state: TaskState;
  error?: string;
  result?: NodeResult;
}

class RecordingObserver implements ExecutionObserver {
  readonly states: StateRecord[] = [];
  readonly taskChunks: Array<[string, string]> = [];
  readonly replyChunks: string[] = [];
  readonly progressReports: Array<[string, number]> = [];

  stateChanged(task: PlanTask, position: number, state: TaskState, details: { error?: string; result?: NodeResult }): Promise<void> {
    this.states.push({ nodeId: task.id, position, state, ...details });
    return Promise.resolve();
  }

  taskText(nodeId: string, chunk: string): void {
    this.taskChunks.push([nodeId, chunk]);
  }

  replyText(chunk: string): void {
    this.replyChunks.push(chunk);
  }

  progress(nodeId: string, percent: number): void {
    this.progressReports.push([nodeId, percent]);
  }

  statesOf(nodeId: string): TaskState[] {
    return this.states.filter((record) => record.nodeId === nodeId).map((record) => record.state);
  }

  last(nodeId: string): StateRecord | undefined {
    return this.states.filter((record) => record.nodeId === nodeId).at(-1);
  }

  indexOf(nodeId: string, state: TaskState): number {
    return this.states.findIndex((record) => record.nodeId === nodeId && record.state === state);
  }
}

const BASE: NodeBase = {
  userId: 'user-1',
  messageId: 'message-1',
  language: 'en',
  request: 'Do the thing',
  taskPrompt: 'You are a test.',
  modelId: null,
  history: [{ role: 'user', content: 'earlier' }],
  summary: 'a summary',
  knowledge: NO_KNOWLEDGE,
};

function task(id: string, capability: TaskCapability, dependsOn: string[] = [], inputs: Record<string, string> = {}, params: Record<string, unknown> = {}): PlanTask {
  return { id, capability, dependsOn, inputs, params };
}

function planOf(tasks: PlanTask[], replyNode = tasks.at(-1)?.id ?? 'reply'): Plan {
  return { version: 1, language: 'en', replyNode, tasks };
}

function fileOf(id: string): FileDto {
  return { id, name: `${id}.png`, mime: 'image/png', size: 3, state: 'uploaded', url: `/api/v1/files/${id}/content` };
}

interface RunSetup {
  maxParallel?: number;
  nodeTimeoutS?: number;
  signal?: AbortSignal;
  message?: { text: string; files: FileDto[] };
  finished?: ReadonlyMap<string, NodeResult>;
}

function execute(fake: FakeCapabilities, plan: Plan, setup: RunSetup = {}): { observer: RecordingObserver; outcome: Promise<ExecutionOutcome> } {
  const observer = new RecordingObserver();
  const outcome = new PlanExecutor(fake.registry, new MetricsService()).run(plan, {
    base: BASE,
    message: setup.message ?? { text: 'the message', files: [] },
    signal: setup.signal ?? new AbortController().signal,
    maxParallel: setup.maxParallel ?? 3,
    nodeTimeoutS: setup.nodeTimeoutS ?? 60,
    observer,
    finished: setup.finished,
  });
  return { observer, outcome };
}

describe('PlanExecutor', () => {
  it('reports every node pending first, then running and done, with plan positions', async () => {
    const fake = new FakeCapabilities();
    fake.autoComplete = true;
    const plan = planOf([task('a', 'chat'), task('b', 'summarize', ['a']), task('reply', 'compose_reply', ['b'])]);

    const { observer, outcome } = execute(fake, plan);
    await outcome;

    expect(observer.states.slice(0, 3).map((s) => [s.nodeId, s.state, s.position])).toEqual([
      ['a', 'pending', 0],
      ['b', 'pending', 1],
      ['reply', 'pending', 2],
    ]);
    for (const [nodeId, position] of [['a', 0], ['b', 1], ['reply', 2]] as const) {
      expect(observer.statesOf(nodeId)).toEqual(['pending', 'running', 'done']);
      expect(observer.states.filter((s) => s.nodeId === nodeId).every((s) => s.position === position)).toBe(true);
    }
    expect(observer.last('b')?.result).toEqual({ text: 'b out' });
  });

  it('starts a node only after every dependency is done', async () => {
    const fake = new FakeCapabilities();
    // a and b are independent; c needs both; reply needs c.
    const plan = planOf([task('a', 'image_generation'), task('b', 'text2sound'), task('c', 'summarize', ['a', 'b']), task('reply', 'compose_reply', ['c'])]);
    const { observer, outcome } = execute(fake, plan);

    await Promise.all([fake.whenStarted('a'), fake.whenStarted('b')]);
    fake.finish('a');
    await settle();
    expect(fake.started()).toEqual(['a', 'b']);

    fake.finish('b');
    await fake.whenStarted('c');
    await settle();
    expect(fake.started()).toEqual(['a', 'b', 'c']);

    fake.finish('c');
    await fake.whenStarted('reply');
    fake.finish('reply');
    const result = await outcome;

    expect(result.states.get('reply')).toBe('done');
    for (const [node, deps] of [['c', ['a', 'b']], ['reply', ['c']]] as const) {
      for (const dep of deps) expect(observer.indexOf(node, 'running')).toBeGreaterThan(observer.indexOf(dep, 'done'));
    }
  });

  it('runs independent media nodes in parallel up to maxParallel, never more', async () => {
    const fake = new FakeCapabilities();
    const media = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const plan = planOf([...media.map((id) => task(id, 'image_generation')), task('reply', 'compose_reply', media)]);
    const { outcome } = execute(fake, plan, { maxParallel: 2 });

    await Promise.all([fake.whenStarted('m1'), fake.whenStarted('m2')]);
    await settle();
    expect(fake.started()).toEqual(['m1', 'm2']);

    fake.finish('m2');
    await fake.whenStarted('m3');
    await settle();
    expect(fake.started()).toEqual(['m1', 'm2', 'm3']);

    for (const id of ['m1', 'm3']) fake.finish(id);
    await Promise.all([fake.whenStarted('m4'), fake.whenStarted('m5')]);
    for (const id of ['m4', 'm5']) fake.finish(id);
    await fake.whenStarted('reply');
    fake.finish('reply');
    const result = await outcome;

    expect(fake.maxActive.media).toBe(2);
    expect(media.every((id) => result.states.get(id) === 'done')).toBe(true);
  });

  it('uses the whole of maxParallel when media nodes are free to run', async () => {
    const fake = new FakeCapabilities();
    fake.autoComplete = true;
    const media = ['m1', 'm2', 'm3', 'm4'];
    const plan = planOf([...media.map((id) => task(id, 'text2sound')), task('reply', 'compose_reply', media)]);

    const { outcome } = execute(fake, plan, { maxParallel: 4 });
    await outcome;

    expect(fake.maxActive.media).toBe(4);
  });

  it('runs text nodes one at a time, even when they are independent', async () => {
    const fake = new FakeCapabilities();
    const plan = planOf([task('t1', 'chat'), task('t2', 'summarize'), task('t3', 'translate'), task('reply', 'compose_reply', ['t1', 't2', 't3'])]);
    const { outcome } = execute(fake, plan, { maxParallel: 5 });

    await fake.whenStarted('t1');
    await settle();
    expect(fake.started()).toEqual(['t1']);
    fake.finish('t1');
    await fake.whenStarted('t2');
    await settle();
    expect(fake.started()).toEqual(['t1', 't2']);
    fake.finish('t2');
    await fake.whenStarted('t3');
    fake.finish('t3');
    await fake.whenStarted('reply');
    fake.finish('reply');
    await outcome;

    expect(fake.maxActive.text).toBe(1);
  });

  it('does not let a running text node hold back media nodes', async () => {
    const fake = new FakeCapabilities();
    const plan = planOf([task('t1', 'chat'), task('m1', 'image_generation'), task('m2', 'text2sound'), task('reply', 'compose_reply', ['t1', 'm1', 'm2'])]);
    const { outcome } = execute(fake, plan, { maxParallel: 2 });

    await Promise.all(['t1', 'm1', 'm2'].map((id) => fake.whenStarted(id)));
    expect(fake.active).toEqual({ text: 1, media: 2 });

    for (const id of ['t1', 'm1', 'm2']) fake.finish(id);
    await fake.whenStarted('reply');
    fake.finish('reply');
    await outcome;
  });

  it('skips the dependents of a failed node transitively, with a reason, and runs the rest', async () => {
    const fake = new FakeCapabilities();
    fake.autoComplete = true;
    fake.script('a', () => Promise.reject(new CapabilityError('NO_INPUT', 'There is no text to summarize.')));
    const plan = planOf(
      [task('a', 'summarize'), task('b', 'translate', ['a']), task('c', 'text2sound', ['b']), task('d', 'image_generation'), task('reply', 'compose_reply', ['c', 'd'])],
      'reply',
    );

    const { observer, outcome } = execute(fake, plan);
    const result = await outcome;

    expect(observer.last('a')).toMatchObject({ state: 'failed', error: 'There is no text to summarize.' });
    expect(observer.last('b')).toMatchObject({ state: 'skipped', error: 'Skipped because step a did not complete.' });
    expect(observer.last('c')).toMatchObject({ state: 'skipped', error: 'Skipped because step b did not complete.' });
    expect(observer.last('reply')).toMatchObject({ state: 'skipped', error: 'Skipped because step c did not complete.' });
    expect(observer.statesOf('b')).toEqual(['pending', 'skipped']);
    expect(observer.statesOf('d')).toEqual(['pending', 'running', 'done']);
    expect(fake.started().sort()).toEqual(['a', 'd']);
    expect(Object.fromEntries(result.states)).toEqual({ a: 'failed', b: 'skipped', c: 'skipped', d: 'done', reply: 'skipped' });
    expect(result.reply).toBeUndefined();
    expect(result.allFailed).toBe(false);
  });

  it('skips transitively even when the plan lists a dependent before its dependency', async () => {
    const fake = new FakeCapabilities();
    fake.autoComplete = true;
    fake.script('a', () => Promise.reject(new CapabilityError('NO_INPUT', 'nothing')));
    // Same graph as a → b → c, listed backwards.
    const plan = planOf([task('c', 'text2sound', ['b']), task('b', 'translate', ['a']), task('a', 'summarize')], 'c');

    const { observer, outcome } = execute(fake, plan);
    const result = await outcome;

    expect(Object.fromEntries(result.states)).toEqual({ a: 'failed', b: 'skipped', c: 'skipped' });
    expect(observer.last('c')).toMatchObject({ state: 'skipped', error: 'Skipped because step b did not complete.' });
    expect(observer.last('c')?.position).toBe(0);
  });

  it('tells the user a generic reason for an unexpected error, not its message', async () => {
    const fake = new FakeCapabilities();
    fake.script('reply', () => Promise.reject(new Error('ECONNRESET at socket 0x1234')));

    const { observer, outcome } = execute(fake, planOf([task('reply', 'chat')]));
    const result = await outcome;

    expect(observer.last('reply')?.state).toBe('failed');
    expect(observer.last('reply')?.error).toBe('Something went wrong while answering; the error was logged.');
    expect(result.allFailed).toBe(true);
  });

  it('fails a node that outlives nodeTimeoutS with a timeout reason and skips its dependents', async () => {
    const fake = new FakeCapabilities();
    // Never finishes on its own: only its signal (the node timeout) ends it.
    const plan = planOf([task('slow', 'image_generation'), task('reply', 'compose_reply', ['slow'])]);

    const { observer, outcome } = execute(fake, plan, { nodeTimeoutS: 1 });
    const slow = await fake.whenStarted('slow');
    const result = await outcome;

    expect(slow.signal.aborted).toBe(true);
    expect(observer.last('slow')).toMatchObject({ state: 'failed', error: 'Timed out after 1 s.' });
    expect(observer.last('reply')).toMatchObject({ state: 'skipped', error: 'Skipped because step slow did not complete.' });
    expect(result.allFailed).toBe(true);
    expect(result.reply).toBeUndefined();
  });

  it('fails a timed-out node even when its handler ignores the signal', async () => {
    const fake = new FakeCapabilities();
    fake.script('deaf', () => new Promise<NodeResult>(() => undefined));
    const plan = planOf([task('deaf', 'image_generation'), task('reply', 'compose_reply', ['deaf'])]);

    const { observer, outcome } = execute(fake, plan, { nodeTimeoutS: 1 });
    await outcome;

    expect(observer.last('deaf')).toMatchObject({ state: 'failed', error: 'Timed out after 1 s.' });
    expect(observer.last('reply')).toMatchObject({ state: 'skipped' });
  });

  it('stops on cancellation: running nodes end skipped as Stopped. and nothing new starts', async () => {
    const fake = new FakeCapabilities();
    const controller = new AbortController();
    const plan = planOf([
      task('t1', 'chat'),
      task('t2', 'summarize'),
      task('m1', 'image_generation'),
      task('m2', 'text2sound', ['m1']),
      task('reply', 'compose_reply', ['t1', 't2', 'm2']),
    ]);
    const { observer, outcome } = execute(fake, plan, { signal: controller.signal });

    const [t1, m1] = await Promise.all([fake.whenStarted('t1'), fake.whenStarted('m1')]);
    controller.abort();
    const result = await outcome;

    expect(t1.signal.aborted && m1.signal.aborted).toBe(true);
    expect(observer.last('t1')).toMatchObject({ state: 'skipped', error: 'Stopped.' });
    expect(observer.last('m1')).toMatchObject({ state: 'skipped', error: 'Stopped.' });
    expect(fake.started().sort()).toEqual(['m1', 't1']);
    for (const id of ['t2', 'm2', 'reply']) {
      expect(observer.statesOf(id)).not.toContain('running');
      expect(observer.last(id)).toMatchObject({ state: 'skipped', error: 'Stopped.' });
      expect(result.states.get(id)).toBe('skipped');
    }
    expect(result.reply).toBeUndefined();
    expect(result.files).toEqual([]);
  });

  it('sends the reply node text to replyText and every other node text to taskText', async () => {
    const fake = new FakeCapabilities();
    fake.script('n1', (run) => {
      run.emitText('step ');
      run.emitText('one');
      run.emitProgress(40);
      return Promise.resolve({ text: 'step one' });
    });
    fake.script('reply', (run) => {
      run.emitText('Hello ');
      run.emitText('there');
      return Promise.resolve({ text: 'Hello there' });
    });
    const plan = planOf([task('n1', 'summarize'), task('reply', 'compose_reply', ['n1'])]);

    const { observer, outcome } = execute(fake, plan);
    const result = await outcome;

    expect(observer.taskChunks).toEqual([
      ['n1', 'step '],
      ['n1', 'one'],
    ]);
    expect(observer.replyChunks).toEqual(['Hello ', 'there']);
    expect(observer.progressReports).toEqual([['n1', 40]]);
    expect(result.reply).toEqual({ text: 'Hello there' });
    expect(result.allFailed).toBe(false);
  });

  it('routes by the plan reply node, not by position', async () => {
    const fake = new FakeCapabilities();
    fake.script('first', (run) => {
      run.emitText('answer');
      return Promise.resolve({ text: 'answer' });
    });
    fake.script('second', (run) => {
      run.emitText('side');
      return Promise.resolve({ text: 'side' });
    });

    const { observer, outcome } = execute(fake, planOf([task('first', 'chat'), task('second', 'summarize')], 'first'));
    const result = await outcome;

    expect(observer.replyChunks).toEqual(['answer']);
    expect(observer.taskChunks).toEqual([['second', 'side']]);
    expect(result.reply).toEqual({ text: 'answer' });
  });

  it('collects the files of done nodes in plan order, not completion order', async () => {
    const fake = new FakeCapabilities();
    const plan = planOf([task('m1', 'image_generation'), task('m2', 'text2sound'), task('m3', 'document_generation'), task('reply', 'compose_reply', ['m1', 'm2', 'm3'])]);
    const { outcome } = execute(fake, plan, { maxParallel: 3 });

    await Promise.all(['m1', 'm2', 'm3'].map((id) => fake.whenStarted(id)));
    fake.finish('m3', { file: fileOf('f3') });
    fake.fail('m2', new CapabilityError('NO_INPUT', 'nothing to read'));
    await settle();
    fake.finish('m1', { file: fileOf('f1') });
    const result = await outcome;

    expect(result.files.map((file) => file.id)).toEqual(['f1', 'f3']);
    expect(result.results.get('m2')).toBeUndefined();
    expect(result.states.get('reply')).toBe('skipped');
    expect(result.allFailed).toBe(false);
  });

  it('takes the nodes an earlier run finished as done, without running them, and feeds their results on', async () => {
    const fake = new FakeCapabilities();
    fake.autoComplete = true;
    const plan = planOf([task('doc', 'document_generation'), task('sum', 'summarize', ['doc'], { text: '$doc.text' }), task('reply', 'compose_reply', ['sum'])]);
    const finished = new Map<string, NodeResult>([['doc', { text: 'the report', file: fileOf('report') }]]);

    const { observer, outcome } = execute(fake, plan, { finished });
    const result = await outcome;

    expect(fake.started()).toEqual(['sum', 'reply']);
    expect(observer.statesOf('doc')).toEqual(['pending', 'done']);
    expect(observer.last('doc')?.result).toEqual({ text: 'the report', file: fileOf('report') });
    expect(fake.runs.get('sum')?.inputs.text).toBe('the report');
    expect(result.files.map((file) => file.id)).toEqual(['report']);
  });

  it('writes a reused reply node text out again as the answer', async () => {
    const fake = new FakeCapabilities();
    const plan = planOf([task('a', 'summarize'), task('reply', 'compose_reply', ['a'])]);
    const finished = new Map<string, NodeResult>([
      ['a', { text: 'a out' }],
      ['reply', { text: 'The whole answer' }],
    ]);

    const { observer, outcome } = execute(fake, plan, { finished });
    const result = await outcome;

    expect(fake.started()).toEqual([]);
    expect(observer.replyChunks).toEqual(['The whole answer']);
    expect(result.reply).toEqual({ text: 'The whole answer' });
  });

  it('hands each node its resolved inputs, params and the shared base', async () => {
    const fake = new FakeCapabilities();
    const attachment = fileOf('upload-1');
    fake.script('n1', () => Promise.resolve({ text: 'extracted text', file: fileOf('gen-1') }));
    fake.autoComplete = true;
    const plan = planOf([
      task('n1', 'document_generation', [], { text: '$message.text', files: '$message.files', tone: 'formal' }, { format: 'pdf' }),
      task('n2', 'translate', ['n1'], { text: '$n1.text', doc: '$n1.file', targetLanguage: 'de' }, { to: 'de' }),
    ]);

    const { outcome } = execute(fake, plan, { message: { text: 'Please write it', files: [attachment] } });
    await outcome;

    const n1 = fake.runs.get('n1');
    const n2 = fake.runs.get('n2');
    expect(n1).toMatchObject({ ...BASE, nodeId: 'n1', params: { format: 'pdf' } });
    expect(n1?.inputs).toEqual({ text: 'Please write it', values: { text: 'Please write it', tone: 'formal' }, files: [attachment], fromSteps: false });
    expect(n2).toMatchObject({ ...BASE, nodeId: 'n2', params: { to: 'de' } });
    expect(n2?.inputs).toEqual({ text: 'extracted text', values: { text: 'extracted text', targetLanguage: 'de' }, files: [fileOf('gen-1')], fromSteps: true });
  });
});
