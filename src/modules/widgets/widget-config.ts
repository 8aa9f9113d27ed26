import type { WidgetConfig } from '../../contracts/widgets';

/** What a widget looks like and says (docs/widgets.md). Every field has a default. */
export type { WidgetConfig };

export const DEFAULT_WIDGET_CONFIG: Readonly<WidgetConfig> = {
  title: 'Chat with us',
  subtitle: 'Answers come from an AI assistant; a person can take over.',
  greeting: 'Hello! How can we help?',
  placeholder: 'Write a message…',
  color: '#4f46e5',
  position: 'right',
  humanHandoff: true,
  privacyUrl: null,
};

/** The stored (partial) config with the defaults filled in. */
export function withDefaults(stored: Partial<WidgetConfig>): WidgetConfig {
  const config: WidgetConfig = { ...DEFAULT_WIDGET_CONFIG };
  for (const key of Object.keys(DEFAULT_WIDGET_CONFIG) as Array<keyof WidgetConfig>) {
    if (stored[key] !== undefined) Object.assign(config, { [key]: stored[key] });
  }
  return config;
}
