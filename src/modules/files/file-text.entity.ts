import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { DocumentKind, TextSection } from './extraction/document-kind';

/** The text extracted from a file, by section (page, heading path): what chunking and citations read. */
@Entity('file_texts')
export class FileText {
  @PrimaryColumn({ name: 'file_id', type: 'char', length: 36 })
  fileId!: string;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: DocumentKind;

  /** Pages (PDF) or slides (PPTX); null for formats without pages. */
  @Column({ type: 'int', nullable: true })
  pages!: number | null;

  /** Characters of text across the sections. */
  @Column({ type: 'int' })
  chars!: number;

  @Column({ type: 'json' })
  sections!: TextSection[];

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
