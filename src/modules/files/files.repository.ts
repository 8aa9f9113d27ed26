import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
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

  async deleteOwned(userId: string, id: string): Promise<void> {
    await this.files.delete({ id, userId });
  }
}
