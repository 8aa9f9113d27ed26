import { describe, expect, it } from 'vitest';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { RequestValidationPipe } from '../../../common/http/request-validation.pipe';
import { VisitorMessageDto } from '../../widgets/dto/live-support.dto';
import { EditMessageDto } from './chat-actions.dto';
import { SendMessageDto } from './stream.dto';
import { MAX_TIME_ZONE_LENGTH } from './time-zone';

const pipe = new RequestValidationPipe();

/** What the app's validation makes of `body` for `metatype`: the DTO, or the refusal. */
async function validated(metatype: typeof SendMessageDto | typeof VisitorMessageDto | typeof EditMessageDto, body: Record<string, unknown>): Promise<{ timeZone?: string } | AppException> {
  try {
    return (await pipe.transform(body, { type: 'body', metatype })) as { timeZone?: string };
  } catch (error) {
    if (error instanceof AppException) return error;
    throw error;
  }
}

describe.each([
  ['SendMessageDto', SendMessageDto],
  ['VisitorMessageDto', VisitorMessageDto],
  ['EditMessageDto', EditMessageDto],
])('%s timeZone', (_, metatype) => {
  it('takes an IANA zone, in the runtime’s canonical spelling', async () => {
    expect(await validated(metatype, { message: 'Hi', timeZone: 'Europe/Berlin' })).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect(await validated(metatype, { message: 'Hi', timeZone: 'europe/berlin' })).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect(await validated(metatype, { message: 'Hi', timeZone: 'US/Pacific' })).toMatchObject({ timeZone: 'America/Los_Angeles' });
  });

  it('is optional', async () => {
    const dto = await validated(metatype, { message: 'Hi' });
    expect(dto).not.toBeInstanceOf(AppException);
    expect(dto).not.toHaveProperty('timeZone');
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus'],
    ['an offset', '+01:00'],
    ['white space around a zone', ' Europe/Berlin'],
    ['an empty string', ''],
    ['a value too long to be a zone', `Europe/${'x'.repeat(MAX_TIME_ZONE_LENGTH)}`],
    ['a number', 60],
  ])('refuses %s with VALIDATION_FAILED, naming the field', async (_case, timeZone) => {
    const refusal = await validated(metatype, { message: 'Hi', timeZone });
    expect(refusal).toBeInstanceOf(AppException);
    expect(refusal).toMatchObject({ code: ErrorCode.ValidationFailed, status: 400, message: 'timeZone must be an IANA time zone such as "Europe/Berlin" (at most 64 characters)' });
  });
});
