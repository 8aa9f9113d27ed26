import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import { FileStorageService } from '../../infra/storage/file-storage.service';
import { VectorStore } from '../../infra/vector-store/vector-store';
import { FileDto } from './dto/file.dto';
import { documentKindOf } from './extraction/document-kind';
import type { FileOrigin, ProcessLevel, StoredFile } from './file.entity';
import { FilesRepository } from './files.repository';

/** Where a file's text is searched: the chat it was dropped into, or a topic's documents. */
export interface SearchGroup {
  kind: 'chat' | 'topic';
  id: string;
}

/** What indexing needs to know of a file. */
export interface IndexableFile {
  id: string;
  userId: string;
  name: string;
  state: StoredFile['state'];
  group: SearchGroup | null;
  indexedModel: string | null;
}

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
    private readonly queue: JobQueueService,
    private readonly vectors: VectorStore,
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
      searchGroupKind: null,
      searchGroupId: null,
      indexedModel: null,
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

  /**
   * Makes the owner's files `ids` searchable in `group` (a chat's attachments, a topic's documents)
   * and starts what they still need: extraction for a file only stored so far (a WhatsApp photo,
   * an e-mail attachment), indexing for one already extracted. Files with no text to extract are
   * left as they are. Resolves with the files as they stand now.
   */
  async prepareForSearch(userId: string, ids: string[], group: SearchGroup): Promise<IndexableFile[]> {
    const before = await this.files.findOwnedMany(userId, ids);
    const readable = before.filter((file) => documentKindOf(file.mime) !== null && file.origin === 'upload');
    await this.files.assignSearchGroup(userId, readable.map((file) => file.id), group);
    for (const file of readable) {
      if (file.state === 'uploaded' && file.processLevel === 'store') await this.queue.enqueue({ name: JobName.ExtractFile, data: { fileId: file.id } });
      if (file.state === 'extracted') await this.queue.enqueue({ name: JobName.VectorizeFile, data: { fileId: file.id } });
    }
    return this.indexable(userId, readable.map((file) => file.id));
  }

  /** The owner's files `ids` as indexing sees them (unknown ones left out). */
  async indexable(userId: string, ids: string[]): Promise<IndexableFile[]> {
    return (await this.files.findOwnedMany(userId, ids)).map(indexableFile);
  }

  /** A file as indexing sees it, whoever owns it (for the indexing job), or null when it is gone. */
  async indexableById(id: string): Promise<IndexableFile | null> {
    const file = await this.files.findById(id);
    return file && indexableFile(file);
  }

  /** Records which embedding model the file's chunks were made with (null: no longer indexed). */
  setIndexedModel(id: string, model: string | null): Promise<void> {
    return this.files.setIndexedModel(id, model);
  }

  /** Whether the owner has files whose chunks another embedding model made (then re-vectorize). */
  hasIndexedWithOtherModel(userId: string, model: string): Promise<boolean> {
    return this.files.hasIndexedWithOtherModel(userId, model);
  }

  /** The owner's indexed files whose chunks another embedding model made (to re-vectorize). */
  async indexedWithOtherModel(userId: string, model: string): Promise<IndexableFile[]> {
    return (await this.files.findIndexedWithOtherModel(userId, model)).map(indexableFile);
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
    if (file.searchGroupKind) await this.vectors.delete({ ownerUserId: userId, sourceId: fileSourceId(id) });
  }

  private async findOwned(userId: string, id: string) {
    const file = await this.files.findOwned(userId, id);
    if (!file) throw new AppException(ErrorCode.NotFound, 'No such file.');
    return file;
  }
}

/** The vector store's source id of a file's chunks. */
export function fileSourceId(fileId: string): string {
  return `file:${fileId}`;
}

function indexableFile(file: StoredFile): IndexableFile {
  return {
    id: file.id,
    userId: file.userId,
    name: file.name,
    state: file.state,
    group: file.searchGroupKind && file.searchGroupId ? { kind: file.searchGroupKind, id: file.searchGroupId } : null,
    indexedModel: file.indexedModel,
  };
}
