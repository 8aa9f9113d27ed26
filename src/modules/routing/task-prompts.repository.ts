import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import { SYSTEM_SCOPE, TaskPrompt } from './task-prompt.entity';

export type NewTaskPrompt = Pick<TaskPrompt, 'scope' | 'topic' | 'description' | 'prompt' | 'selectionRules' | 'enabled' | 'settings'>;
export type TaskPromptChanges = Partial<Omit<NewTaskPrompt, 'scope'>>;

/**
 * Every query names the scope it may touch: a user sees the system prompts and their own, never
 * another user's. `scope` is 'system' or a user id.
 */
@Injectable()
export class TaskPromptsRepository {
  constructor(@InjectRepository(TaskPrompt) private readonly prompts: Repository<TaskPrompt>) {}

  /** The system prompts and the user's own, oldest first. */
  listVisibleTo(userId: string): Promise<TaskPrompt[]> {
    return this.prompts.find({ where: { scope: In([SYSTEM_SCOPE, userId]) }, order: { createdAt: 'ASC', topic: 'ASC' } });
  }

  /** A prompt the user may see (system or their own), or null. */
  findVisible(userId: string, id: string): Promise<TaskPrompt | null> {
    return this.prompts.findOneBy({ id, scope: In([SYSTEM_SCOPE, userId]) });
  }

  findByTopic(scope: string, topic: string): Promise<TaskPrompt | null> {
    return this.prompts.findOneBy({ scope, topic });
  }

  /** Throws the driver's duplicate-key error when (scope, topic) is taken. */
  async insert(prompt: NewTaskPrompt): Promise<TaskPrompt> {
    const id = randomUUID();
    await this.prompts.insert({ ...prompt, id });
    return (await this.prompts.findOneBy({ id })) as TaskPrompt;
  }

  /** Null when the scope holds no such prompt. */
  async update(scope: string, id: string, changes: TaskPromptChanges): Promise<TaskPrompt | null> {
    if (Object.keys(changes).length > 0) {
      const result = await this.prompts.update({ id, scope }, changes);
      if ((result.affected ?? 0) === 0) return null;
    }
    return this.prompts.findOneBy({ id, scope });
  }

  async delete(scope: string, id: string): Promise<boolean> {
    const result = await this.prompts.delete({ id, scope });
    return (result.affected ?? 0) === 1;
  }

  /**
   * Inserts the system prompts whose topic is not there yet and leaves existing ones alone (an
   * admin may have edited them). INSERT IGNORE on (scope, topic) keeps it safe even without the lock.
   */
  async insertMissingSystemPrompts(prompts: readonly Omit<NewTaskPrompt, 'scope'>[]): Promise<string[]> {
    const existing = new Set((await this.prompts.find({ select: { topic: true }, where: { scope: SYSTEM_SCOPE } })).map((p) => p.topic));
    const missing = prompts.filter((p) => !existing.has(p.topic));
    if (missing.length === 0) return [];
    await this.prompts
      .createQueryBuilder()
      .insert()
      .into(TaskPrompt)
      .values(missing.map((p) => ({ ...p, id: randomUUID(), scope: SYSTEM_SCOPE })))
      .orIgnore()
      .execute();
    return missing.map((p) => p.topic);
  }
}
