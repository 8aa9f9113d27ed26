import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { FileState } from '../../contracts/files';

export type { FileState };
export type FileOrigin = 'upload' | 'generated';
/** What an upload asked for: keep the bytes, also extract the text, or also index it for retrieval. */
export type ProcessLevel = 'store' | 'extract' | 'vectorize';
export const PROCESS_LEVELS: readonly ProcessLevel[] = ['store', 'extract', 'vectorize'];

@Entity('files')
export class StoredFile {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 127 })
  mime!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  @Column({ name: 'storage_key', type: 'varchar', length: 255 })
  storageKey!: string;

  @Column({ type: 'varchar', length: 16 })
  origin!: FileOrigin;

  @Column({ type: 'varchar', length: 16 })
  state!: FileState;

  @Column({ name: 'process_level', type: 'varchar', length: 16, default: 'store' })
  processLevel!: ProcessLevel;

  /**
   * Where the file's text is searched (docs/knowledge.md, Retrieval): the chat it was first dropped
   * into, or a topic; null until it is attached somewhere, and a file is only indexed once it is.
   */
  @Column({ name: 'search_group_kind', type: 'varchar', length: 16, nullable: true })
  searchGroupKind!: 'chat' | 'topic' | null;

  @Column({ name: 'search_group_id', type: 'varchar', length: 64, nullable: true })
  searchGroupId!: string | null;

  /** The embedding model its chunks were made with (re-vectorized when the VECTORIZE binding changes). */
  @Column({ name: 'indexed_model', type: 'varchar', length: 100, nullable: true })
  indexedModel!: string | null;

  /** Why the file failed (`CODE: explanation`, e.g. `TOO_LARGE: …`), else null. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ name: 'message_id', type: 'char', length: 36, nullable: true })
  messageId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
