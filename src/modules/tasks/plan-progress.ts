import { Injectable } from '@nestjs/common';
import { TRACK_TTL_S } from '../../infra/stream/track-stream.service';
import { RedisClients } from '../../infra/redis/redis.clients';
import type { Plan } from '../planner/plan';
import type { NodeResult } from './capabilities/capability';

/** What a planned answer had done when its worker died: its plan, and the results of the steps that finished. */
export interface SavedProgress {
  plan: Plan;
  /** By node id: every node that finished (`done`), with its result as the step returned it. */
  results: ReadonlyMap<string, NodeResult>;
}

/** The hash field of the plan; the nodes' results are under `node:<id>`. */
const PLAN_FIELD = 'plan';
const NODE_FIELD_PREFIX = 'node:';

/**
 * What survives a planned answer's worker (docs/api.md, "a worker dies"): the plan it ran and each
 * finished step's result (text, the file it made, its sources, model and usage), in one Redis hash
 * per answer that lives as long as its track. When BullMQ runs the answer again on another worker,
 * the same plan is executed with those steps taken as done, so a document is not made twice nor
 * a mail sent twice; only the steps that had not finished run again. The plan is kept rather than
 * asked for again because the planner, a model, may well plan differently the second time.
 */
@Injectable()
export class PlanProgress {
  constructor(private readonly clients: RedisClients) {}

  async savePlan(answerId: string, plan: Plan): Promise<void> {
    // A new plan replaces whatever an earlier plan of the same answer had finished.
    await this.clients.app.multi().del(this.key(answerId)).hset(this.key(answerId), PLAN_FIELD, JSON.stringify(plan)).expire(this.key(answerId), TRACK_TTL_S).exec();
  }

  async saveResult(answerId: string, nodeId: string, result: NodeResult): Promise<void> {
    await this.clients.app.multi().hset(this.key(answerId), `${NODE_FIELD_PREFIX}${nodeId}`, JSON.stringify(result)).expire(this.key(answerId), TRACK_TTL_S).exec();
  }

  /** The answer's saved progress; undefined when it had no plan yet (or it has lapsed). */
  async load(answerId: string): Promise<SavedProgress | undefined> {
    const fields = await this.clients.app.hgetall(this.key(answerId));
    const plan = fields[PLAN_FIELD];
    if (!plan) return undefined;
    const results = new Map<string, NodeResult>();
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith(NODE_FIELD_PREFIX)) results.set(field.slice(NODE_FIELD_PREFIX.length), JSON.parse(value) as NodeResult);
    }
    return { plan: JSON.parse(plan) as Plan, results };
  }

  /** Forgets the answer's progress once it has ended: nothing is left to resume. */
  async clear(answerId: string): Promise<void> {
    await this.clients.app.del(this.key(answerId));
  }

  private key(answerId: string): string {
    return this.clients.key('answer', answerId, 'progress');
  }
}
