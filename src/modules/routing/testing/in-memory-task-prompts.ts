import { randomUUID } from 'node:crypto';
import { SYSTEM_SCOPE, type TaskPrompt } from '../task-prompt.entity';
import type { NewTaskPrompt, TaskPromptChanges, TaskPromptsRepository } from '../task-prompts.repository';

/** The repository's contract in memory, for unit specs (unique (scope, topic) like the table). */
export class InMemoryTaskPrompts
  implements Pick<TaskPromptsRepository, 'listVisibleTo' | 'findVisible' | 'findByTopic' | 'insert' | 'update' | 'delete' | 'insertMissingSystemPrompts'>
{
  readonly rows: TaskPrompt[] = [];
  private clock = Date.parse('2025-01-01T00:00:00Z');

  private tick(): Date {
    this.clock += 1000;
    return new Date(this.clock);
  }

  listVisibleTo(userId: string): Promise<TaskPrompt[]> {
    return Promise.resolve(this.rows.filter((r) => r.scope === SYSTEM_SCOPE || r.scope === userId).map((r) => ({ ...r })));
  }

  findVisible(userId: string, id: string): Promise<TaskPrompt | null> {
    const row = this.rows.find((r) => r.id === id && (r.scope === SYSTEM_SCOPE || r.scope === userId));
    return Promise.resolve(row ? { ...row } : null);
  }

  findByTopic(scope: string, topic: string): Promise<TaskPrompt | null> {
    const row = this.rows.find((r) => r.scope === scope && r.topic === topic);
    return Promise.resolve(row ? { ...row } : null);
  }

  insert(prompt: NewTaskPrompt): Promise<TaskPrompt> {
    if (this.rows.some((r) => r.scope === prompt.scope && r.topic === prompt.topic)) return Promise.reject(duplicateKey());
    const now = this.tick();
    const row: TaskPrompt = { ...structuredClone(prompt), id: randomUUID(), createdAt: now, updatedAt: now };
    this.rows.push(row);
    return Promise.resolve({ ...row });
  }

  update(scope: string, id: string, changes: TaskPromptChanges): Promise<TaskPrompt | null> {
    const row = this.rows.find((r) => r.id === id && r.scope === scope);
    if (!row) return Promise.resolve(null);
    if (changes.topic !== undefined && this.rows.some((r) => r !== row && r.scope === scope && r.topic === changes.topic)) {
      return Promise.reject(duplicateKey());
    }
    Object.assign(row, structuredClone(changes), { updatedAt: this.tick() });
    return Promise.resolve({ ...row });
  }

  delete(scope: string, id: string): Promise<boolean> {
    const index = this.rows.findIndex((r) => r.id === id && r.scope === scope);
    if (index >= 0) this.rows.splice(index, 1);
    return Promise.resolve(index >= 0);
  }

  async insertMissingSystemPrompts(prompts: readonly Omit<NewTaskPrompt, 'scope'>[]): Promise<string[]> {
    const inserted: string[] = [];
    for (const prompt of prompts) {
      if (this.rows.some((r) => r.scope === SYSTEM_SCOPE && r.topic === prompt.topic)) continue;
      await this.insert({ ...prompt, scope: SYSTEM_SCOPE });
      inserted.push(prompt.topic);
    }
    return inserted;
  }
}

function duplicateKey(): Error {
  return Object.assign(new Error("Duplicate entry for key 'uq_task_prompts_scope_topic'"), { errno: 1062 });
}
