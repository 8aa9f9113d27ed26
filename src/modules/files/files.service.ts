import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { FileStorageService } from '../../infra/storage/file-storage.service';
import { FileDto } from './dto/file.dto';
import type { FileOrigin, ProcessLevel } from './file.entity';
import { FilesRepository } from './files.repository';

export interface GeneratedFileInput {
  userId: string;
  messageId: string;
  name: string;
  mime: string;
  extension: string;
  data: Buffer;
}

export interface ReceivedFileInput {
  name: string;
  mime: string;
  data: Buffer;
}

/** The part of a file name after its last dot (the storage cleans it further). */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

@Injectable()
export class FilesService {
  constructor(
    private readonly files: FilesRepository,
    private readonly storage: FileStorageService,
  ) {}

  /** Stores a file the pipeline produced for a message (a generated document, image, audio). */
  async saveGenerated(input: GeneratedFileInput): Promise<FileDto> {
    return this.store(input.userId, { name: input.name, mime: input.mime, data: input.data }, input.extension, 'generated', input.messageId);
  }

  /**
   * Stores a file that came with a message on another channel (a WhatsApp photo, an e-mail
   * attachment), as an upload of the user the conversation belongs to.
   */
  async saveReceived(userId: string, file: ReceivedFileInput): Promise<FileDto> {
    return this.store(userId, file, extensionOf(file.name), 'upload', null);
  }

  /** Stores an upload whose type was detected from its bytes (`extension` and `mime` follow from it). */
  async saveUploaded(userId: string, file: ReceivedFileInput, extension: string, processLevel: ProcessLevel): Promise<FileDto> {
    return this.store(userId, file, extension, 'upload', null, processLevel);
  }

  private async store(
    userId: string,
    file: ReceivedFileInput,
    extension: string,
    origin: FileOrigin,
    messageId: string | null,
    processLevel: ProcessLevel = 'store',
  ): Promise<FileDto> {
    const storageKey = await this.storage.put(file.data, extension);
    const stored = await this.files.insert({
      id: randomUUID(),
      userId,
      name: file.name,
      mime: file.mime,
      size: file.data.length,
      storageKey,
      origin,
      state: 'uploaded',
      processLevel,
      error: null,
      messageId,
    });
    return FileDto.from(stored);
  }

  async get(userId: string, id: string): Promise<FileDto> {
    return FileDto.from(await this.findOwned(userId, id));
  }

  /** The caller's files among `ids`, in the order asked; unknown or foreign ids are an error. */
  async getMany(userId: string, ids: string[]): Promise<FileDto[]> {
    const found = new Map((await this.files.findOwnedMany(userId, ids)).map((file) => [file.id, file]));
    return ids.map((id) => {
      const file = found.get(id);
      if (!file) throw new AppException(ErrorCode.NotFound, `No such file: ${id}`);
      return FileDto.from(file);
    });
  }

  async listForMessage(userId: string, messageId: string): Promise<FileDto[]> {
    return (await this.files.findByMessage(userId, messageId)).map((file) => FileDto.from(file));
  }

  async openContent(userId: string, id: string): Promise<{ file: FileDto; stream: ReadStream }> {
    const file = await this.findOwned(userId, id);
    return { file: FileDto.from(file), stream: this.storage.read(file.storageKey) };
  }

  /** The whole content of a (small) file the caller owns, e.g. to extract its text. */
  async readContent(userId: string, id: string): Promise<Buffer> {
    const file = await this.findOwned(userId, id);
    const chunks: Buffer[] = [];
    for await (const chunk of this.storage.read(file.storageKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async delete(userId: string, id: string): Promise<void> {
    const file = await this.findOwned(userId, id);
    await this.files.deleteOwned(userId, id);
    await this.storage.delete(file.storageKey);
  }

  private async findOwned(userId: string, id: string) {
    const file = await this.files.findOwned(userId, id);
    if (!file) throw new AppException(ErrorCode.NotFound, 'No such file.');
    return file;
  }
}
