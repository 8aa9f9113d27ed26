import type { ComponentType, ReactElement } from 'react';
import { BellIcon, ChipIcon, KeyIcon, MailIcon, PhoneIcon, PromptIcon, RouteIcon, UserIcon, WidgetIcon } from '../../components/icons';
import { AccountSection } from './account-section';
import { ApiKeysSection } from './api-keys-section';
import { MailboxesSection } from './mailboxes/mailboxes-section';
import { ModelsSection } from './models/models-section';
import { PromptsSection } from './prompts/prompts-section';
import { RoutingSection } from './routing/routing-section';
import { WebhookEndpointsSection } from './webhook-endpoints/webhook-endpoints-section';
import { WhatsAppNumbersSection } from './whatsapp-numbers/whatsapp-numbers-section';
import { WidgetsSection } from './widgets/widgets-section';

export interface SettingsSection {
  /** URL segment under /settings. */
  path: string;
  label: string;
  icon: ComponentType<{ size?: number }>;
  element: ReactElement;
  /** Listed for admins only (the page itself also says so to anyone else). */
  adminOnly?: boolean;
}

/** The settings sub-navigation and routes both come from this list: add a section here. */
export const settingsSections: SettingsSection[] = [
  { path: 'account', label: 'Account', icon: UserIcon, element: <AccountSection /> },
  { path: 'api-keys', label: 'API keys', icon: KeyIcon, element: <ApiKeysSection /> },
  { path: 'models', label: 'Models', icon: ChipIcon, element: <ModelsSection /> },
  { path: 'prompts', label: 'Task prompts', icon: PromptIcon, element: <PromptsSection /> },
  { path: 'widgets', label: 'Widgets', icon: WidgetIcon, element: <WidgetsSection /> },
  { path: 'whatsapp', label: 'WhatsApp', icon: PhoneIcon, element: <WhatsAppNumbersSection /> },
  { path: 'mailboxes', label: 'Mailboxes', icon: MailIcon, element: <MailboxesSection /> },
  { path: 'webhooks', label: 'Webhooks', icon: BellIcon, element: <WebhookEndpointsSection /> },
  { path: 'routing', label: 'Routing', icon: RouteIcon, element: <RoutingSection />, adminOnly: true },
];
