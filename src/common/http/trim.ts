import { Transform } from 'class-transformer';

/** A DTO field's string arrives without surrounding white space (before it is validated); anything else is left to the validators. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value));
}
