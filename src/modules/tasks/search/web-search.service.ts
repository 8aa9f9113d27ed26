import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import type { SearchProviderKind } from '../../../config/env.schema';
import { CapabilityError } from '../capabilities/capability';
import { BraveSearchProvider } from './brave.provider';
import { DEFAULT_SEARCH_LIMITS } from './search-limits';
import type { SearchProvider } from './search-provider';
import { SearxngProvider } from './searxng.provider';

type ProviderName = Exclude<SearchProviderKind, 'none'>;

/**
 * The search providers this installation can use: every one whose address (and key) is
 * configured, and the default SEARCH_PROVIDER names. A step may ask for another configured one.
 */
@Injectable()
export class WebSearch {
  private readonly providers = new Map<ProviderName, SearchProvider>();
  private readonly defaultName: SearchProviderKind;

  constructor(config: AppConfig) {
    const { provider, searxngUrl, braveApiKey, braveUrl } = config.search;
    if (searxngUrl) this.providers.set('searxng', new SearxngProvider(searxngUrl, DEFAULT_SEARCH_LIMITS));
    if (braveApiKey) this.providers.set('brave', new BraveSearchProvider(braveUrl, braveApiKey, DEFAULT_SEARCH_LIMITS));
    this.defaultName = provider;
  }

  /** Whether searches can run with the named provider, or the default: the routing pipeline searches on its own only then. */
  available(name?: string | null): boolean {
    return name ? this.providers.has(name as ProviderName) : this.defaultName !== 'none';
  }

  /** The named provider (`searxng`, `brave`) or the default; SEARCH_UNAVAILABLE when it is not configured. */
  provider(name?: string): SearchProvider {
    if (name === undefined && this.defaultName === 'none') {
      throw new CapabilityError('SEARCH_UNAVAILABLE', 'Web search is not configured on this installation (SEARCH_PROVIDER is none).');
    }
    const wanted = name ?? this.defaultName;
    const provider = this.providers.get(wanted as ProviderName);
    if (!provider) throw new CapabilityError('SEARCH_UNAVAILABLE', `The search provider "${wanted.slice(0, 40)}" is not configured on this installation.`);
    return provider;
  }
}
