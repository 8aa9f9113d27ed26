/** Client-side checks that mirror the API's rules, so most mistakes never need a round trip. */

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
