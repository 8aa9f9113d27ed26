import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A file a widget visitor uploaded: stored as an upload of the widget's owner (files), and
 * remembered here as the visitor session's, so that session, and no other, may attach it to a
 * message or follow its progress. Deleting the file (or the widget) deletes the row.
 */
@Entity('widget_visitor_files')
export class VisitorFile {
  @PrimaryColumn({ name: 'file_id', type: 'char', length: 36 })
  fileId!: string;

  @Column({ name: 'widget_id', type: 'char', length: 36 })
  widgetId!: string;

  @Column({ name: 'session_id', type: 'varchar', length: 80 })
  sessionId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
