import { describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AiErrorCode, AiProviderError } from '../ai/ai-provider.error';
import { CapabilityError } from './capabilities/capability';
import { describeFailure } from './failures';

const INTERNAL = { code: 'INTERNAL', message: 'Something went wrong while answering; the error was logged.', unexpected: true };

describe('describeFailure', () => {
  it('passes on the code and message of a provider error', () => {
    expect(describeFailure(new AiProviderError(AiErrorCode.RateLimited, 'Slow down.', true))).toEqual({ code: 'PROVIDER_RATE_LIMITED', message: 'Slow down.', unexpected: false });
  });

  it('passes on the code and message of a capability error', () => {
    expect(describeFailure(new CapabilityError('NO_TARGET_LANGUAGE', 'Which language?'))).toEqual({ code: 'NO_TARGET_LANGUAGE', message: 'Which language?', unexpected: false });
  });

  it('passes on the code and message of an application exception', () => {
    expect(describeFailure(new AppException(ErrorCode.NotFound, 'No such file.'))).toEqual({ code: ErrorCode.NotFound, message: 'No such file.', unexpected: false });
  });

  it.each([
    ['a plain Error', new Error('ECONNREFUSED 10.0.0.7:3306')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['an error with a code of its own', Object.assign(new Error('secret detail'), { code: 'ER_DUP_ENTRY' })],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['an object', { code: 'FAKE', message: 'looks like ours' }],
  ])('hides %s behind a generic, logged failure', (_, error) => {
    expect(describeFailure(error)).toEqual(INTERNAL);
  });
});
