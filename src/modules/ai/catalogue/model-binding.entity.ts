import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ModelCapability } from '../ai.types';

/** The scope of the installation-wide bindings; any other scope is a user id (a personal override). */
export const GLOBAL_SCOPE = 'global';

/** Which model serves a capability, installation-wide or for one user. */
@Entity('model_bindings')
export class ModelBinding {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  capability!: ModelCapability;

  @Column({ name: 'model_id', type: 'varchar', length: 100 })
  modelId!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
