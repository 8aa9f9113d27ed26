import { AppException } from '../../common/errors/app.exception';
import { AiProviderError } from '../ai/ai-provider.error';
import { CapabilityError } from './capabilities/capability';

export interface Failure {
  code: string;
  message: string;
  /** Not one of ours: log it with its stack. */
  unexpected: boolean;
}

/** What a user is told about a failed step or answer: a stable code and a readable reason. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof AiProviderError || error instanceof CapabilityError || error instanceof AppException) {
    return { code: error.code, message: error.message, unexpected: false };
  }
  return { code: 'INTERNAL', message: 'Something went wrong while answering; the error was logged.', unexpected: true };
}
