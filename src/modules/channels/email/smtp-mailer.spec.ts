import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../channel.types';
import { classifySmtpError } from './smtp-mailer';

describe('classifySmtpError', () => {
  it('makes a 5xx answer permanent, with its code', () => {
    const error = classifySmtpError(Object.assign(new Error('550 No such user'), { responseCode: 550, code: 'EENVELOPE' }));

    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as PermanentDeliveryError).code).toBe('SMTP_550');
  });

  it('makes a message no server would take permanent', () => {
    expect(classifySmtpError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' }))).toBeInstanceOf(PermanentDeliveryError);
  });

  it('leaves 4xx answers and connection failures to be retried', () => {
    const busy = Object.assign(new Error('451 Try again later'), { responseCode: 451 });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' });

    expect(classifySmtpError(busy)).toBe(busy);
    expect(classifySmtpError(refused)).toBe(refused);
    expect(classifySmtpError('odd')).toBeInstanceOf(Error);
  });
});
