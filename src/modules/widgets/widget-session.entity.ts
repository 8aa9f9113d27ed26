import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SessionMode } from '../../contracts/widgets';

/** Who answers a visitor: the AI, nobody yet (a person was asked for), or an operator. */
export type { SessionMode };

/**
 * One visitor's conversation with a widget. The id is minted by the widget script in the visitor's
 * browser and is their only credential; the messages live in the chat `chatId` of the widget's owner.
 */
@Entity('widget_sessions')
export class WidgetSession {
  @PrimaryColumn({ name: 'widget_id', type: 'char', length: 36 })
  widgetId!: string;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'chat_id', type: 'char', length: 36 })
  chatId!: string;

  @Column({ type: 'varchar', length: 8 })
  mode!: SessionMode;

  @Column({ name: 'operator_id', type: 'char', length: 36, nullable: true })
  operatorId!: string | null;

  @Column({ name: 'operator_name', type: 'varchar', length: 100, nullable: true })
  operatorName!: string | null;

  /** The last message, shortened for the session list. */
  @Column({ type: 'varchar', length: 140 })
  preview!: string;

  /** Visitor messages since an operator last read the session. */
  @Column({ type: 'int' })
  unread!: number;

  @Column({ name: 'message_count', type: 'int' })
  messageCount!: number;

  /** The page the visitor last wrote from, as the widget reported it. */
  @Column({ name: 'page_url', type: 'varchar', length: 500, nullable: true })
  pageUrl!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_message_at', type: 'datetime', precision: 3 })
  lastMessageAt!: Date;
}
