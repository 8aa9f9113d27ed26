import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, type Repository } from 'typeorm';
import { StoredFile, type FileState } from './file.entity';

@Injectable()
export class FilesRepository {
  constructor(@InjectRepository(StoredFile) private readonly files: Repository<StoredFile>) {}

  async insert(file: Omit<StoredFile, 'createdAt'>): Promise<StoredFile> {
    await this.files.insert(file);
    return (await this.files.findOneBy({ id: file.id })) as StoredFile;
  }

  findById(id: string): Promise<StoredFile | null> {
    return this.files.findOneBy({ id });
  }

  async setState(id: string, state: FileState, error: string | null = null): Promise<void> {
    await this.files.update({ id }, { state, error });
  }

  findOwned(userId: string, id: string): Promise<StoredFile | null> {
    return this.files.findOneBy({ id, userId });
  }

  findOwnedMany(userId: string, ids: string[]): Promise<StoredFile[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.files.findBy({ userId, id: In(ids) });
  }

  findByMessage(userId: string, messageId: string): Promise<StoredFile[]> {
    return this.files.find({ where: { userId, messageId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Marks the owner's files `ids` to be indexed where `group` says, those not searched anywhere yet
   * (a file stays with the chat it was first dropped into), and to be vectorized.
   */
  async assignSearchGroup(userId: string, ids: string[], group: { kind: 'chat' | 'topic'; id: string }): Promise<void> {
    if (ids.length === 0) return;
    await this.files.update({ userId, id: In(ids), searchGroupKind: IsNull() }, { searchGroupKind: group.kind, searchGroupId: group.id });
    await this.files.update({ userId, id: In(ids) }, { processLevel: 'vectorize' });
  }

  async setIndexedModel(id: string, model: string | null): Promise<void> {
    await this.files.update({ id }, { indexedModel: model });
  }

  /** The owner's indexed files whose chunks were made by another embedding model than `model`. */
  findIndexedWithOtherModel(userId: string, model: string): Promise<StoredFile[]> {
    return this.files.findBy({ userId, state: 'vectorized', indexedModel: Not(model) });
  }

  /** Whether the owner has any such file (asked on every turn: one row at most is read). */
  hasIndexedWithOtherModel(userId: string, model: string): Promise<boolean> {
    return this.files.existsBy({ userId, state: 'vectorized', indexedModel: Not(model) });
  }

  async deleteOwned(userId: string, id: string): Promise<void> {
    await this.files.delete({ id, userId });
  }
}
