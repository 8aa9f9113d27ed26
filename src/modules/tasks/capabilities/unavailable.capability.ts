import type { TaskCapability } from '../../planner/plan';
import { CapabilityError, type NodeResult, type TaskCapabilityHandler } from './capability';

/**
 * Capabilities of the planner's vocabulary that this installation cannot run yet (retrieval and
 * file analysis arrive with their modules): a node using one fails cleanly
 * with a reason, its dependents are skipped, and the answer falls back as the execute step
 * in docs/api.md describes.
 */
export class UnavailableCapability implements TaskCapabilityHandler {
  readonly kind = 'text';

  constructor(
    readonly name: TaskCapability,
    private readonly what: string,
  ) {}

  run(): Promise<NodeResult> {
    return Promise.reject(new CapabilityError('CAPABILITY_UNAVAILABLE', `${this.what} is not available on this installation yet.`));
  }
}

export const UNAVAILABLE_CAPABILITIES: readonly UnavailableCapability[] = [
  new UnavailableCapability('file_analysis', 'Analysing files'),
];
