/**
 * The client's own lists of wire values against the contracts (src/contracts) they must cover: a
 * value added on the server side fails `tsc -p client/tsconfig.json --noEmit` (part of `npm run lint`)
 * here until the client lists it. Type-level checks; vitest runs the file as an ordinary spec.
 */
import { describe, expectTypeOf, it, vi } from 'vitest';
import type { MemoryCategory } from '../../../src/contracts/memories';
import type { ModelCapability } from '../../../src/contracts/models';
import type { WebhookEventType } from '../../../src/contracts/webhooks';
import { WEBHOOK_EVENTS } from '../pages/settings/webhook-endpoints/webhooks-api';
import { MEMORY_CATEGORIES } from './memories';
import { MODEL_CAPABILITIES } from './models';

vi.mock('./http', () => import('./fake-http'));

describe('the client’s lists of wire values', () => {
  it('name every memory category', () => {
    expectTypeOf(MEMORY_CATEGORIES).items.toEqualTypeOf<MemoryCategory>();
  });

  it('name every capability a model can be bound to', () => {
    expectTypeOf(MODEL_CAPABILITIES).items.toEqualTypeOf<ModelCapability>();
  });

  it('offer every webhook event', () => {
    expectTypeOf(WEBHOOK_EVENTS).items.toHaveProperty('type').toEqualTypeOf<WebhookEventType>();
  });
});
