import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ModelCapability } from '../ai.types';

/** A catalogue entry: one model of one provider and what it can be bound to. Synced at boot. */
@Entity('ai_models')
export class AiModel {
  /** `<provider>:<name>`, e.g. `openai:gpt-4o-mini`; what clients send as `modelId`. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  /** The provider's own model name. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 200 })
  label!: string;

  @Column({ type: 'json' })
  capabilities!: ModelCapability[];

  /** Off when its provider is no longer configured: kept so bindings and history still name it. */
  @Column({ type: 'boolean' })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
