import type { WidgetConfig } from '../widget-config';

/** `GET /widget/:wid/config`: what the widget script renders. An inactive widget shows nothing. */
export class PublicWidgetConfigDto {
  id!: string;
  active!: boolean;
  config?: WidgetConfig;
  /** Someone has the live support console open for this widget. */
  operatorsOnline?: boolean;
  /** `uploadMaxBytes`: the largest file a visitor may attach; `attachmentsPerMessage`: how many one message may carry. */
  limits?: { messageMaxLength: number; messagesPerDay: number; uploadMaxBytes: number; attachmentsPerMessage: number };
}

/** `202` from `POST /widget/:wid/message` while a person handles the session. */
export class HeldMessageDto {
  mode!: 'waiting' | 'human';
  message!: unknown;
}
