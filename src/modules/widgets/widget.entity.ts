import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WidgetConfig } from './widget-config';

/** An embeddable chat widget of one user (docs/widgets.md). */
@Entity('widgets')
export class Widget {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  /** The owner: the widget's conversations are their chats, answered with their settings. */
  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The task prompt that answers every visitor (the sorter is skipped); null routes normally. */
  @Column({ name: 'task_prompt_topic', type: 'varchar', length: 64, nullable: true })
  taskPromptTopic!: string | null;

  /** Host patterns (`shop.example.com`, `*.example.com`) of the pages that may embed it. */
  @Column({ name: 'allowed_domains', type: 'json' })
  allowedDomains!: string[];

  /** Stored as given; defaults are filled in when read (`withDefaults`). */
  @Column({ type: 'json' })
  config!: Partial<WidgetConfig>;

  @Column({ type: 'boolean' })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
