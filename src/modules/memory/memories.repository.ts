import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { EntitySql } from '../../infra/database/entity-sql';
import { Memory, type MemoryCategory } from './memory.entity';

export interface MemoryFields {
  category: MemoryCategory;
  key: string;
  value: string;
}

/** Memories, always scoped by their owner. */
@Injectable()
export class MemoriesRepository {
  private readonly memorySql: EntitySql<Memory>;

  constructor(@InjectRepository(Memory) private readonly memories: Repository<Memory>) {
    this.memorySql = EntitySql.of(memories.manager.connection, Memory);
  }

  /** Newest change first; `q` is matched in key and value with the column's collation (case- and accent-blind). */
  async list(userId: string, filter: { category?: MemoryCategory; q?: string } = {}): Promise<Memory[]> {
    // Written out, not built by the query builder: every message's memory extraction reads this.
    const conditions = ['m.user_id = ?'];
    const parameters = [userId];
    if (filter.category) {
      conditions.push('m.category = ?');
      parameters.push(filter.category);
    }
    // LOCATE, not LIKE: a user's "%" or "_" is a character to find, not a wildcard.
    if (filter.q) {
      conditions.push("LOCATE(?, CONCAT(m.`key`, ' ', m.value)) > 0");
      parameters.push(filter.q);
    }
    const rows = await this.memories.manager.query<Array<Record<string, unknown>>>(
      `SELECT ${this.memorySql.columns('m')} FROM memories m WHERE ${conditions.join(' AND ')} ORDER BY m.updated_at DESC, m.id DESC`,
      parameters,
    );
    return rows.map((row) => this.memorySql.hydrate(row, 'm'));
  }

  findOwned(userId: string, id: string): Promise<Memory | null> {
    return this.memories.findOneBy({ userId, id });
  }

  findManyOwned(userId: string, ids: string[]): Promise<Memory[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.memories.findBy({ userId, id: In(ids) });
  }

  findByKey(userId: string, category: MemoryCategory, key: string): Promise<Memory | null> {
    return this.memories.findOneBy({ userId, category, key });
  }

  count(userId: string): Promise<number> {
    return this.memories.countBy({ userId });
  }

  /**
   * Creates the fact, or replaces the value of the one with the same category and key (compared as
   * the unique key compares them: case- and accent-blind; the key keeps its first spelling). One
   * statement, so two jobs storing the same fact at once leave one row. Resolves with the row.
   */
  async upsert(userId: string, id: string, fields: MemoryFields, source: { chatId: string | null; messageId: string | null }): Promise<Memory> {
    await this.memories.query(
      `INSERT INTO memories (id, user_id, category, \`key\`, value, source_chat_id, source_message_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE value = VALUES(value),
         source_chat_id = VALUES(source_chat_id), source_message_id = VALUES(source_message_id)`,
      [id, userId, fields.category, fields.key, fields.value, source.chatId, source.messageId],
    );
    return (await this.findByKey(userId, fields.category, fields.key)) as Memory;
  }

  /** Throws the unique key's duplicate error when the new category and key are another memory's. */
  async update(userId: string, id: string, changes: Partial<MemoryFields>): Promise<Memory | null> {
    if (Object.keys(changes).length > 0) await this.memories.update({ userId, id }, changes);
    return this.findOwned(userId, id);
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    return ((await this.memories.delete({ userId, id })).affected ?? 0) === 1;
  }

  async deleteAll(userId: string): Promise<number> {
    return (await this.memories.delete({ userId })).affected ?? 0;
  }
}
