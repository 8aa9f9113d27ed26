import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskState } from '../../contracts/chat';

export type { TaskState };

/** The record of one plan node of an answer: state, timing, error and result. */
@Entity('message_tasks')
export class MessageTask {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'message_id', type: 'char', length: 36 })
  messageId!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  @Column({ type: 'varchar', length: 32 })
  capability!: string;

  @Column({ name: 'depends_on', type: 'json' })
  dependsOn!: string[];

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 16 })
  state!: TaskState;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ name: 'result_text', type: 'mediumtext', nullable: true })
  resultText!: string | null;

  @Column({ name: 'result_file_id', type: 'char', length: 36, nullable: true })
  resultFileId!: string | null;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;
}
