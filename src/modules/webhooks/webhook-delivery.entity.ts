import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { WebhookDeliveryStatus } from '../../contracts/webhooks';

/** Pending until an attempt gets a 2xx (`delivered`) or the last attempt fails (`failed`). */
export type DeliveryStatus = WebhookDeliveryStatus;

/** One event for one endpoint, with every attempt's outcome folded into the last one's. */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  /** Also the queue job's id and the X-Switchboard-Delivery header: receivers dedupe on it. */
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'endpoint_id', type: 'char', length: 36 })
  endpointId!: string;

  /** The endpoint's owner, so ownership is checked on the delivery itself. */
  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  event!: string;

  /** The JSON body exactly as sent: a resend sends the same bytes. */
  @Column({ type: 'mediumtext' })
  payload!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'int' })
  attempts!: number;

  /** The last attempt's HTTP status; null when it got no response (timeout, refused connection …). */
  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus!: number | null;

  /** The start of the last response's body, for the delivery log. */
  @Column({ name: 'response_excerpt', type: 'varchar', length: 500, nullable: true })
  responseExcerpt!: string | null;

  /** Why the last attempt failed; null once delivered. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  /** The delivery this one sends again (`POST /webhooks/deliveries/:id/resend`). */
  @Column({ name: 'resend_of', type: 'char', length: 36, nullable: true })
  resendOf!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_attempt_at', type: 'datetime', precision: 3, nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true })
  deliveredAt!: Date | null;
}
