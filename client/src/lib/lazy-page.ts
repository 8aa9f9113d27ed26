import { lazy, type ComponentType } from 'react';

/**
 * A page loaded in its own chunk when first shown: `lazyPage(() => import('./x-page'), 'XPage')`.
 * Render it under a Suspense boundary.
 */
export function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(async () => ({ default: (await load())[name] }));
}
