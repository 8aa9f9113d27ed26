import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One installation-wide setting document (e.g. `routing`), stored as JSON under its name. */
@Entity('app_settings')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'json' })
  value!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
