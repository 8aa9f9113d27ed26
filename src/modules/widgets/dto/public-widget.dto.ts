import type { PublicWidgetConfig, WidgetLimits } from '../../../contracts/widgets';
import type { WidgetConfig } from '../widget-config';

/** `GET /widget/:wid/config`: what the widget script renders. An inactive widget shows nothing. */
export class PublicWidgetConfigDto implements PublicWidgetConfig {
  id!: string;
  active!: boolean;
  config?: WidgetConfig;
  /** Someone has the live support console open for this widget. */
  operatorsOnline?: boolean;
  /** `uploadMaxBytes`: the largest file a visitor may attach; `attachmentsPerMessage`: how many one message may carry. */
  limits?: WidgetLimits;
}

/** `202` from `POST /widget/:wid/message` while a person handles the session. */
export class HeldMessageDto {
  mode!: 'waiting' | 'human';
  message!: unknown;
}
