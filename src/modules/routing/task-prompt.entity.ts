import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WebSearchProviderName } from '../../config/env.schema';

/** `scope` of the installation-wide prompts; a personal prompt's scope is its owner's id. */
export const SYSTEM_SCOPE = 'system';

/** Per-prompt options (`/prompts`, docs/api.md). Stored as JSON: never rename keys, only add. */
export interface TaskPromptSettings {
  /** Catalogue model id for answers in this topic; absent/null = the CHAT binding. */
  model?: string | null;
  /** true = always search the web, false = never, null = let the sorter decide ("auto"). */
  webSearch: boolean | null;
  /** The search provider this topic's web searches use; absent/null = SEARCH_PROVIDER. */
  searchProvider?: WebSearchProviderName | null;
  /** Knowledge file ids the topic's answers draw on. */
  files?: string[];
}

/** A task prompt: how one topic is recognised (selection rules) and answered (prompt, settings). */
@Entity('task_prompts')
export class TaskPrompt {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  /** 'system', or the owning user's id for a personal prompt (an override when a system prompt has the same topic). */
  @Column({ type: 'varchar', length: 36 })
  scope!: string;

  @Column({ type: 'varchar', length: 64 })
  topic!: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description!: string;

  @Column({ type: 'mediumtext' })
  prompt!: string;

  @Column({ name: 'selection_rules', type: 'json' })
  selectionRules!: string[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'json' })
  settings!: TaskPromptSettings;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
