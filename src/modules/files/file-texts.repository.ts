import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { FileText } from './file-text.entity';

@Injectable()
export class FileTextsRepository {
  constructor(@InjectRepository(FileText) private readonly texts: Repository<FileText>) {}

  /** Stores (or, for a file extracted again, replaces) a file's text. */
  async save(text: Omit<FileText, 'createdAt'>): Promise<void> {
    await this.texts.upsert(text, ['fileId']);
  }

  findOwned(userId: string, fileId: string): Promise<FileText | null> {
    return this.texts.findOneBy({ fileId, userId });
  }
}
