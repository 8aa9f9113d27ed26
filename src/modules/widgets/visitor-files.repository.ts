import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { VisitorFile } from './visitor-file.entity';

/** Which visitor session uploaded which file, always asked by widget and session together. */
@Injectable()
export class VisitorFilesRepository {
  constructor(@InjectRepository(VisitorFile) private readonly files: Repository<VisitorFile>) {}

  async insert(widgetId: string, sessionId: string, fileId: string): Promise<void> {
    await this.files.insert({ widgetId, sessionId, fileId });
  }

  async isSessions(widgetId: string, sessionId: string, fileId: string): Promise<boolean> {
    return this.files.existsBy({ widgetId, sessionId, fileId });
  }

  /** Those of `fileIds` the session uploaded. */
  async sessionsAmong(widgetId: string, sessionId: string, fileIds: string[]): Promise<Set<string>> {
    if (fileIds.length === 0) return new Set();
    const rows = await this.files.find({ select: { fileId: true }, where: { widgetId, sessionId, fileId: In(fileIds) } });
    return new Set(rows.map((row) => row.fileId));
  }
}
