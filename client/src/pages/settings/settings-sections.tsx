import type { ComponentType, ReactElement } from 'react';
import { BellIcon, ChipIcon, ClockIcon, KeyIcon, MailIcon, PhoneIcon, PromptIcon, RouteIcon, UserIcon, WidgetIcon } from '../../components/icons';
import { lazyPage } from '../../lib/lazy-page';

// Sections load with their own chunk when opened; this list (the navigation) stays small.
const AccountSection = lazyPage(() => import('./account-section'), 'AccountSection');
const ApiKeysSection = lazyPage(() => import('./api-keys-section'), 'ApiKeysSection');
const MailboxesSection = lazyPage(() => import('./mailboxes/mailboxes-section'), 'MailboxesSection');
const ModelsSection = lazyPage(() => import('./models/models-section'), 'ModelsSection');
const OperationsSection = lazyPage(() => import('./operations-section'), 'OperationsSection');
const PromptsSection = lazyPage(() => import('./prompts/prompts-section'), 'PromptsSection');
const RoutingSection = lazyPage(() => import('./routing/routing-section'), 'RoutingSection');
const WebhookEndpointsSection = lazyPage(() => import('./webhook-endpoints/webhook-endpoints-section'), 'WebhookEndpointsSection');
const WhatsAppNumbersSection = lazyPage(() => import('./whatsapp-numbers/whatsapp-numbers-section'), 'WhatsAppNumbersSection');
const WidgetsSection = lazyPage(() => import('./widgets/widgets-section'), 'WidgetsSection');

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
  { path: 'operations', label: 'Operations', icon: ClockIcon, element: <OperationsSection />, adminOnly: true },
];
