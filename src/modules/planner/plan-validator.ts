import { MAX_PLAN_NODES, TASK_CAPABILITIES, type Plan, type PlanTask, type TaskCapability } from './plan';

export type PlanValidation = { ok: true; plan: Plan } | { ok: false; errors: string[] };

const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** `$message.text`, `$n1.file` … anywhere in an input value; the field part is checked separately. */
const REFERENCE = /\$([A-Za-z][A-Za-z0-9_-]{0,63})(?:\.([A-Za-z]+))?/g;
const CAPABILITIES: ReadonlySet<string> = new Set(TASK_CAPABILITIES);
const MESSAGE_FIELDS = new Set(['text', 'files']);
const NODE_FIELDS = new Set(['text', 'file']);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a plan (the plan step, docs/api.md), and returns it normalised (known keys only) or every
 * problem found:
 * - an object `{version: 1, language: string, replyNode: string, tasks: [...]}`;
 * - 1 to MAX_PLAN_NODES tasks, each `{id, capability, dependsOn: string[], inputs: {…: string}, params: {…}}`;
 * - ids unique and /^[A-Za-z][A-Za-z0-9_-]{0,63}$/; capabilities from TASK_CAPABILITIES;
 * - every dependency exists, none is the task itself, none repeats, and the graph has no cycle;
 * - the reply node exists;
 * - input references are `$message.text`, `$message.files`, `$<id>.text` or `$<id>.file`, and a
 *   referenced node must be a *direct* dependency of the referencing task (listed in its own
 *   `dependsOn`, not merely an ancestor), so every data edge is visible in the graph and the
 *   executor resolves inputs from the immediate predecessors it waited for.
 */
export function validatePlan(raw: unknown): PlanValidation {
  if (!isObject(raw)) return { ok: false, errors: ['the plan must be a JSON object'] };
  const errors: string[] = [];
  if (raw.version !== 1) errors.push('version must be 1');
  if (typeof raw.language !== 'string' || raw.language.trim() === '') errors.push('language must be a non-empty string');
  if (typeof raw.replyNode !== 'string') errors.push('replyNode must be a string');
  if (!Array.isArray(raw.tasks)) return { ok: false, errors: [...errors, 'tasks must be an array'] };
  const rawTasks: unknown[] = raw.tasks;
  if (rawTasks.length === 0) return { ok: false, errors: [...errors, 'tasks must hold at least one task'] };
  if (rawTasks.length > MAX_PLAN_NODES) {
    return { ok: false, errors: [...errors, `a plan has at most ${MAX_PLAN_NODES} tasks (this one has ${rawTasks.length})`] };
  }

  const tasks: PlanTask[] = [];
  const seen = new Set<string>();
  rawTasks.forEach((candidate, index) => {
    const task = checkTaskShape(candidate, index, errors);
    if (!task) return;
    if (seen.has(task.id)) {
      errors.push(`task id "${task.id}" is used more than once`);
      return;
    }
    seen.add(task.id);
    tasks.push(task);
  });
  const byId = new Map(tasks.map((t) => [t.id, t]));

  let edgesValid = true;
  for (const task of tasks) {
    const deps = new Set<string>();
    for (const dependency of task.dependsOn) {
      if (dependency === task.id) errors.push(`task "${task.id}" depends on itself`);
      else if (deps.has(dependency)) errors.push(`task "${task.id}" lists dependency "${dependency}" twice`);
      else if (!byId.has(dependency)) errors.push(`task "${task.id}" depends on unknown task "${dependency}"`);
      else {
        deps.add(dependency);
        continue;
      }
      edgesValid = false;
    }
    checkReferences(task, byId, errors);
  }

  if (typeof raw.replyNode === 'string' && !byId.has(raw.replyNode)) errors.push(`reply node "${raw.replyNode}" is not a task of the plan`);
  // Cycles only mean something once every edge points at a real, distinct task.
  if (edgesValid && tasks.length === rawTasks.length) {
    const cycle = findCycle(tasks);
    if (cycle) errors.push(`the tasks form a cycle: ${cycle.join(' → ')} (each depends on the next)`);
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    plan: { version: 1, language: (raw.language as string).trim(), replyNode: raw.replyNode as string, tasks },
  };
}

function checkTaskShape(candidate: unknown, index: number, errors: string[]): PlanTask | null {
  const where = `tasks[${index}]`;
  if (!isObject(candidate)) {
    errors.push(`${where} must be an object`);
    return null;
  }
  const { id, capability, dependsOn, inputs, params } = candidate;
  const before = errors.length;
  const name = typeof id === 'string' ? `task "${id}"` : where;
  if (typeof id !== 'string' || !NODE_ID.test(id)) {
    errors.push(`${where}.id must be a string of letters, digits, "_" or "-" starting with a letter (at most 64)`);
  }
  if (typeof capability !== 'string' || !CAPABILITIES.has(capability)) {
    errors.push(`${name} has unknown capability ${JSON.stringify(capability)}`);
  }
  if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string')) {
    errors.push(`${name}.dependsOn must be an array of task ids`);
  }
  if (!isObject(inputs)) errors.push(`${name}.inputs must be an object`);
  else {
    for (const [key, value] of Object.entries(inputs)) {
      if (typeof value !== 'string') errors.push(`${name}.inputs.${key} must be a string`);
    }
  }
  if (!isObject(params)) errors.push(`${name}.params must be an object`);
  if (errors.length > before) return null;
  return {
    id: id as string,
    capability: capability as TaskCapability,
    dependsOn: [...(dependsOn as string[])],
    inputs: { ...(inputs as Record<string, string>) },
    params: { ...(params as JsonObject) },
  };
}

function checkReferences(task: PlanTask, byId: ReadonlyMap<string, PlanTask>, errors: string[]): void {
  for (const [key, value] of Object.entries(task.inputs)) {
    for (const match of value.matchAll(REFERENCE)) {
      const [reference, target = '', field] = match;
      if (target === 'message') {
        if (field === undefined || !MESSAGE_FIELDS.has(field)) errors.push(`task "${task.id}".inputs.${key}: "${reference}" must be $message.text or $message.files`);
        continue;
      }
      if (field === undefined || !NODE_FIELDS.has(field)) {
        errors.push(`task "${task.id}".inputs.${key}: "${reference}" must be $${target}.text or $${target}.file`);
      } else if (target === task.id) {
        errors.push(`task "${task.id}".inputs.${key} references the task itself`);
      } else if (!byId.has(target)) {
        errors.push(`task "${task.id}".inputs.${key} references unknown task "${target}"`);
      } else if (!task.dependsOn.includes(target)) {
        errors.push(`task "${task.id}".inputs.${key} references "${target}", which is not in its dependsOn`);
      }
    }
  }
}

/** One cycle as a path that returns to its start, or null for a DAG. */
function findCycle(tasks: readonly PlanTask[]): string[] | null {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const current = state.get(id);
    if (current === 'done') return null;
    if (current === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const task of tasks) {
    const cycle = visit(task.id);
    if (cycle) return cycle;
  }
  return null;
}
