import { describe, expect, it } from 'vitest';
import { MAX_PLAN_NODES, type Plan } from './plan';
import { validatePlan, type PlanValidation } from './plan-validator';

type RawTask = Record<string, unknown>;

function task(id: string, capability: string, dependsOn: string[] = [], inputs: Record<string, unknown> = {}, params: unknown = {}): RawTask {
  return { id, capability, dependsOn, inputs, params };
}

function plan(tasks: unknown[], replyNode = 'reply', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 1, language: 'en', replyNode, tasks, ...extra };
}

/** extract → summarize → translate → speech, all gathered by the reply. */
const VALID = plan([
  task('n1', 'extract_text', [], { files: '$message.files' }),
  task('n2', 'summarize', ['n1'], { text: '$n1.text' }),
  task('n3', 'translate', ['n2'], { text: '$n2.text' }, { targetLanguage: 'de' }),
  task('n4', 'text2sound', ['n3'], { text: '$n3.text' }),
  task('reply', 'compose_reply', ['n3', 'n4'], { request: '$message.text', n3: '$n3.text', n4: '$n4.file' }),
]);

function errorsOf(result: PlanValidation): string[] {
  if (result.ok) throw new Error('expected the plan to be rejected');
  return result.errors;
}

function expectError(raw: unknown, fragment: string | RegExp): void {
  const errors = errorsOf(validatePlan(raw));
  const matched = errors.some((e) => (typeof fragment === 'string' ? e.includes(fragment) : fragment.test(e)));
  expect(matched, `errors were: ${errors.join(' | ')}`).toBe(true);
}

describe('validatePlan', () => {
  it('accepts a well-formed plan and returns it normalised', () => {
    const result = validatePlan({ ...VALID, note: 'ignored', language: ' en ' });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan).toEqual<Plan>({
      version: 1,
      language: 'en',
      replyNode: 'reply',
      tasks: (VALID.tasks as Plan['tasks']).map((t) => ({ ...t })),
    });
    expect(result.plan).not.toHaveProperty('note');
  });

  it('accepts a single chat node and literal inputs with dollar amounts', () => {
    const result = validatePlan(plan([task('n1', 'chat', [], { text: 'What does $5 buy?' })], 'n1'));
    expect(result.ok).toBe(true);
  });

  it('accepts exactly 24 nodes and refuses 25', () => {
    const chain = (n: number): RawTask[] =>
      Array.from({ length: n }, (_, i) => task(`n${i + 1}`, i === 0 ? 'chat' : 'summarize', i === 0 ? [] : [`n${i}`], i === 0 ? {} : { text: `$n${i}.text` }));

    expect(validatePlan(plan(chain(MAX_PLAN_NODES), `n${MAX_PLAN_NODES}`)).ok).toBe(true);
    expectError(plan(chain(MAX_PLAN_NODES + 1), 'n25'), 'at most 24 tasks');
  });

  it.each([
    ['null', null],
    ['a string', 'plan: do the thing'],
    ['a number', 42],
    ['an array', [VALID]],
    ['true', true],
  ])('rejects %s as the plan', (_, raw) => {
    expect(errorsOf(validatePlan(raw))).toEqual(['the plan must be a JSON object']);
  });

  it('rejects a wrong version, a missing language and a non-string reply node', () => {
    expectError({ ...VALID, version: 2 }, 'version must be 1');
    expectError({ ...VALID, version: '1' }, 'version must be 1');
    expectError({ ...VALID, language: '' }, 'language must be a non-empty string');
    expectError({ ...VALID, language: 7 }, 'language must be a non-empty string');
    expectError({ ...VALID, replyNode: 5 }, 'replyNode must be a string');
  });

  it('rejects tasks that are not a non-empty array', () => {
    expectError({ ...VALID, tasks: {} }, 'tasks must be an array');
    expectError({ ...VALID, tasks: 'n1,n2' }, 'tasks must be an array');
    expectError({ ...VALID, tasks: [] }, 'at least one task');
  });

  it('rejects tasks that are not objects', () => {
    expectError(plan(['n1', task('reply', 'chat')]), 'tasks[0] must be an object');
    expectError(plan([null, task('reply', 'chat')]), 'tasks[0] must be an object');
    expectError(plan([[], task('reply', 'chat')]), 'tasks[0] must be an object');
  });

  it('rejects bad ids', () => {
    for (const id of ['', '1abc', 'has space', 'x'.repeat(65), 'a.b', '$n1', 42]) {
      expectError(plan([task('reply', 'chat'), { ...task('x', 'chat'), id }]), 'tasks[1].id');
    }
  });

  it('rejects duplicate ids', () => {
    expectError(plan([task('reply', 'chat'), task('a', 'chat'), task('a', 'summarize')]), 'task id "a" is used more than once');
  });

  it('rejects unknown or missing capabilities', () => {
    expectError(plan([task('reply', 'send_email')]), 'unknown capability "send_email"');
    expectError(plan([task('reply', 'Chat')]), 'unknown capability "Chat"');
    expectError(plan([{ id: 'reply', dependsOn: [], inputs: {}, params: {} }]), 'unknown capability undefined');
  });

  it('rejects malformed dependsOn, inputs and params', () => {
    expectError(plan([{ ...task('reply', 'chat'), dependsOn: 'n1' }]), 'dependsOn must be an array');
    expectError(plan([{ ...task('reply', 'chat'), dependsOn: [1] }]), 'dependsOn must be an array');
    expectError(plan([{ id: 'reply', capability: 'chat', inputs: {}, params: {} }]), 'dependsOn must be an array');
    expectError(plan([{ ...task('reply', 'chat'), inputs: ['$message.text'] }]), 'inputs must be an object');
    expectError(plan([{ ...task('reply', 'chat'), inputs: { text: 5 } }]), 'inputs.text must be a string');
    expectError(plan([{ ...task('reply', 'chat'), inputs: { text: { ref: '$message.text' } } }]), 'inputs.text must be a string');
    expectError(plan([{ ...task('reply', 'chat'), params: null }]), 'params must be an object');
    expectError(plan([{ ...task('reply', 'chat'), params: [] }]), 'params must be an object');
    expectError(plan([{ id: 'reply', capability: 'chat', dependsOn: [], inputs: {} }]), 'params must be an object');
  });

  it('rejects dependencies on unknown tasks, on itself, and repeated ones', () => {
    expectError(plan([task('reply', 'chat', ['ghost'])]), 'depends on unknown task "ghost"');
    expectError(plan([task('reply', 'chat', ['reply'])]), 'depends on itself');
    expectError(plan([task('a', 'chat'), task('reply', 'compose_reply', ['a', 'a'])]), 'lists dependency "a" twice');
  });

  it.each([2, 3, 5, 24])('rejects a cycle of length %i', (length) => {
    const ids = Array.from({ length }, (_, i) => `c${i}`);
    const tasks = ids.map((id, i) => task(id, 'summarize', [ids[(i + 1) % length]]));
    const errors = errorsOf(validatePlan(plan(tasks, 'c0')));

    const cycle = errors.find((e) => e.includes('cycle'));
    expect(cycle, errors.join(' | ')).toBeDefined();
    for (const id of ids) expect(cycle).toContain(id);
  });

  it('rejects a cycle that hangs off an acyclic part', () => {
    const raw = plan([
      task('n1', 'extract_text'),
      task('n2', 'summarize', ['n1', 'n4']),
      task('n3', 'translate', ['n2']),
      task('n4', 'text2sound', ['n3']),
      task('reply', 'compose_reply', ['n4']),
    ]);
    expectError(raw, /cycle: (n2 → n4 → n3 → n2|n4 → n3 → n2 → n4|n3 → n2 → n4 → n3)/);
  });

  it('accepts a diamond (shared dependencies are not cycles)', () => {
    const raw = plan([
      task('n1', 'extract_text', [], { files: '$message.files' }),
      task('n2', 'summarize', ['n1'], { text: '$n1.text' }),
      task('n3', 'translate', ['n1'], { text: '$n1.text' }),
      task('reply', 'compose_reply', ['n2', 'n3'], { a: '$n2.text', b: '$n3.text' }),
    ]);
    expect(validatePlan(raw).ok).toBe(true);
  });

  it('rejects a reply node that is not a task', () => {
    expectError(plan([task('n1', 'chat')], 'n9'), 'reply node "n9" is not a task');
  });

  describe('input references', () => {
    const withInput = (value: string, dependsOn: string[] = ['n1']): Record<string, unknown> =>
      plan([task('n1', 'extract_text', [], { files: '$message.files' }), task('reply', 'compose_reply', dependsOn, { x: value })]);

    it('accepts $message.text, $message.files, $<dep>.text and $<dep>.file, also inside literals', () => {
      for (const value of ['$message.text', '$message.files', '$n1.text', '$n1.file', 'Translate this: $n1.text (thanks)']) {
        expect(validatePlan(withInput(value)).ok, value).toBe(true);
      }
    });

    it('rejects unknown fields of the message and of nodes', () => {
      expectError(withInput('$message.file'), 'must be $message.text or $message.files');
      expectError(withInput('$message'), 'must be $message.text or $message.files');
      expectError(withInput('$n1.files'), 'must be $n1.text or $n1.file');
      expectError(withInput('$n1.content'), 'must be $n1.text or $n1.file');
      expectError(withInput('$n1'), 'must be $n1.text or $n1.file');
    });

    it('rejects references to unknown nodes and to the task itself', () => {
      expectError(withInput('$n7.text'), 'references unknown task "n7"');
      expectError(plan([task('reply', 'chat', [], { text: '$reply.text' })]), 'references the task itself');
    });

    it('requires a referenced node to be a direct dependency (an ancestor is not enough)', () => {
      expectError(withInput('$n1.text', []), 'references "n1", which is not in its dependsOn');
      const transitive = plan([
        task('n1', 'extract_text', [], { files: '$message.files' }),
        task('n2', 'summarize', ['n1'], { text: '$n1.text' }),
        task('reply', 'compose_reply', ['n2'], { source: '$n1.text', summary: '$n2.text' }),
      ]);
      expectError(transitive, 'references "n1", which is not in its dependsOn');
    });
  });

  it('reports every problem at once', () => {
    const errors = errorsOf(validatePlan({ version: 3, language: '', replyNode: 'zz', tasks: [task('a', 'nope'), task('b', 'chat', ['x'])] }));
    expect(errors.length).toBeGreaterThanOrEqual(4);
  });
});
