/** Client-side checks that mirror the API's rules, so most mistakes never need a round trip. */

/**
 * name@domain.tld: no whitespace, one `@`, and a dot in the domain that is neither its first nor
 * its last character. The domain is read up to that dot without backtracking: `[^\s@]+\.[^\s@]+`
 * accepts the same addresses but tries each dot of the domain in turn (quadratic on a long paste).
 */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@][^\s@.]*\.[^\s@]+$/;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 80;
export const API_KEY_NAME_MAX = 80;

export function checkEmail(email: string): string | undefined {
  if (!email) return 'Enter your email address';
  if (!EMAIL_PATTERN.test(email)) return 'Enter an email address like name@example.com';
  return undefined;
}

export function checkNewPassword(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters`;
  return undefined;
}

export function checkName(name: string): string | undefined {
  if (!name) return 'Enter your name';
  if (name.length > NAME_MAX) return `Use at most ${NAME_MAX} characters`;
  return undefined;
}
