import type { ComponentType, ReactElement } from 'react';
import { KeyIcon, UserIcon } from '../../components/icons';
import { AccountSection } from './account-section';
import { ApiKeysSection } from './api-keys-section';

export interface SettingsSection {
  /** URL segment under /settings. */
  path: string;
  label: string;
  icon: ComponentType<{ size?: number }>;
  element: ReactElement;
}

/** The settings sub-navigation and routes both come from this list: add a section here. */
export const settingsSections: SettingsSection[] = [
  { path: 'account', label: 'Account', icon: UserIcon, element: <AccountSection /> },
  { path: 'api-keys', label: 'API keys', icon: KeyIcon, element: <ApiKeysSection /> },
];
