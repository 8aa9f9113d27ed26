import { Injectable } from '@nestjs/common';
import type { FileDto } from '../files/dto/file.dto';
import type { TaskState } from '../chat/message-task.entity';
import { MetricsService } from '../metrics/metrics.service';
import type { Plan, PlanTask } from '../planner/plan';
import { CapabilityRegistry } from './capabilities/capability.registry';
import type { NodeResult, NodeRun } from './capabilities/capability';
import { describeFailure } from './failures';
import { resolveInputs, type MessageInputs } from './input-resolver';

/** What every node of one answer shares. */
export type NodeBase = Omit<NodeRun, 'nodeId' | 'inputs' | 'params' | 'signal' | 'emitText' | 'emitProgress'>;

/** Where the executor reports: SSE events and persisted task records. */
export interface ExecutionObserver {
  stateChanged(task: PlanTask, position: number, state: TaskState, details: { error?: string; result?: NodeResult }): Promise<void>;
  taskText(nodeId: string, chunk: string): void;
  replyText(chunk: string): void;
  progress(nodeId: string, percent: number): void;
}

export interface ExecutionOptions {
  base: NodeBase;
  message: MessageInputs;
  /** Cancellation of the whole answer (the user pressed Stop). */
  signal: AbortSignal;
  maxParallel: number;
  nodeTimeoutS: number;
  observer: ExecutionObserver;
  /**
   * Nodes that finished on an earlier run of this answer (its worker died; see PlanProgress), by
   * id: taken as done with their saved result instead of being run again. A reused reply node's
   * text is written out again as the answer's text.
   */
  finished?: ReadonlyMap<string, NodeResult>;
}

export interface ExecutionOutcome {
  results: ReadonlyMap<string, NodeResult>;
  states: ReadonlyMap<string, TaskState>;
  /** The reply node's result, when it ran. */
  reply: NodeResult | undefined;
  /** Every node failed (or was skipped): the plan is discarded for a plain answer. */
  allFailed: boolean;
  /** Files produced by any node, in plan order. */
  files: FileDto[];
}

/**
 * Runs a validated plan (the execute step, docs/api.md): nodes start in topological order once their
 * dependencies are done; media nodes run in parallel up to `maxParallel`, text nodes one at a
 * time; each node gets `nodeTimeoutS`; a node whose dependency failed is skipped.
 */
@Injectable()
export class PlanExecutor {
  constructor(
    private readonly capabilities: CapabilityRegistry,
    private readonly metrics: MetricsService,
  ) {}

  run(plan: Plan, options: ExecutionOptions): Promise<ExecutionOutcome> {
    return this.metrics.timePhase('execute', () => this.runPlan(plan, options));
  }

  private async runPlan(plan: Plan, options: ExecutionOptions): Promise<ExecutionOutcome> {
    const states = new Map<string, TaskState>(plan.tasks.map((task) => [task.id, 'pending']));
    const results = new Map<string, NodeResult>();
    const running = new Map<string, Promise<void>>();
    const busy = { text: 0, media: 0 };
    const position = new Map(plan.tasks.map((task, index) => [task.id, index]));
    const setState = async (task: PlanTask, state: TaskState, details: { error?: string; result?: NodeResult } = {}): Promise<void> => {
      states.set(task.id, state);
      await options.observer.stateChanged(task, position.get(task.id) ?? 0, state, details);
    };

    await Promise.all(plan.tasks.map((task) => options.observer.stateChanged(task, position.get(task.id) ?? 0, 'pending', {})));
    for (const task of plan.tasks) {
      const result = options.finished?.get(task.id);
      if (!result) continue;
      results.set(task.id, result);
      if (task.id === plan.replyNode && result.text) options.observer.replyText(result.text);
      await setState(task, 'done', { result });
    }

    while (!options.signal.aborted) {
      await this.skipBlocked(plan, states, setState);
      for (const task of plan.tasks) {
        if (states.get(task.id) !== 'pending' || !task.dependsOn.every((dep) => states.get(dep) === 'done')) continue;
        const kind = this.capabilities.get(task.capability).kind;
        if (kind === 'media' ? busy.media >= options.maxParallel : busy.text >= 1) continue;
        busy[kind]++;
        states.set(task.id, 'running');
        const run = this.runNode(task, plan, results, options, setState).finally(() => {
          busy[kind]--;
          running.delete(task.id);
        });
        running.set(task.id, run);
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
    await Promise.allSettled(running.values());
    if (options.signal.aborted) {
      for (const task of plan.tasks.filter((t) => states.get(t.id) === 'pending')) await setState(task, 'skipped', { error: 'Stopped.' });
    }

    const done = plan.tasks.filter((task) => states.get(task.id) === 'done');
    return {
      results,
      states,
      reply: states.get(plan.replyNode) === 'done' ? results.get(plan.replyNode) : undefined,
      allFailed: done.length === 0,
      files: done.flatMap((task) => (results.get(task.id)?.file ? [results.get(task.id)?.file as FileDto] : [])),
    };
  }

  /** Marks pending nodes with a failed or skipped dependency as skipped, transitively. */
  private async skipBlocked(
    plan: Plan,
    states: Map<string, TaskState>,
    setState: (task: PlanTask, state: TaskState, details: { error?: string }) => Promise<void>,
  ): Promise<void> {
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of plan.tasks) {
        if (states.get(task.id) !== 'pending') continue;
        const blocker = task.dependsOn.find((dep) => states.get(dep) === 'failed' || states.get(dep) === 'skipped');
        if (!blocker) continue;
        await setState(task, 'skipped', { error: `Skipped because step ${blocker} did not complete.` });
        changed = true;
      }
    }
  }

  private async runNode(
    task: PlanTask,
    plan: Plan,
    results: Map<string, NodeResult>,
    options: ExecutionOptions,
    setState: (task: PlanTask, state: TaskState, details?: { error?: string; result?: NodeResult }) => Promise<void>,
  ): Promise<void> {
    await setState(task, 'running');
    const isReply = task.id === plan.replyNode;
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.nodeTimeoutS * 1000)]);
    try {
      const result = await settleByAbort(signal, this.capabilities.get(task.capability).run({
        ...options.base,
        nodeId: task.id,
        inputs: resolveInputs(task, options.message, results),
        params: task.params,
        signal,
        emitText: (chunk) => (isReply ? options.observer.replyText(chunk) : options.observer.taskText(task.id, chunk)),
        emitProgress: (percent) => options.observer.progress(task.id, percent),
      }));
      results.set(task.id, result);
      await setState(task, 'done', { result });
    } catch (error) {
      if (options.signal.aborted) {
        await setState(task, 'skipped', { error: 'Stopped.' });
      } else if (signal.aborted) {
        await setState(task, 'failed', { error: `Timed out after ${options.nodeTimeoutS} s.` });
      } else {
        await setState(task, 'failed', { error: describeFailure(error).message });
      }
    }
  }
}


/**
 * The node's outcome, or a rejection as soon as its signal aborts (stop or timeout), so a step
 * that does not listen to its signal cannot hold up the plan.
 */
function settleByAbort<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
