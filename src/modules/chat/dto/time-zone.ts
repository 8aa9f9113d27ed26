import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';
import { canonicalTimeZone } from '../../tasks/capabilities/calendar/time-zone';

/** Far more than the longest IANA name (about 30 characters): a longer value is not looked up at all. */
export const MAX_TIME_ZONE_LENGTH = 64;

/**
 * A body's `timeZone`: the sender's IANA zone as their browser reports it. Browsers spell some
 * zones differently from this runtime ("Europe/Kyiv" here is "Europe/Kiev"), so a known zone is
 * taken in its canonical spelling before it is validated; anything else (an unknown name, an
 * offset, a non-string) is refused as VALIDATION_FAILED by the request pipe.
 */
export function IsTimeZone(): PropertyDecorator {
  const canonical = Transform(({ value }: { value: unknown }): unknown =>
    typeof value === 'string' && value.length <= MAX_TIME_ZONE_LENGTH ? (canonicalTimeZone(value) ?? value) : value,
  );
  return (target, propertyName) => {
    canonical(target, propertyName);
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length <= MAX_TIME_ZONE_LENGTH && canonicalTimeZone(value) === value,
        defaultMessage: () => `${String(propertyName)} must be an IANA time zone such as "Europe/Berlin" (at most ${MAX_TIME_ZONE_LENGTH} characters)`,
      },
    });
  };
}
