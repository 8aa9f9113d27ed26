import { describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { PasswordPolicy } from './password-policy';

const policy = new PasswordPolicy();
const ada = { email: 'Ada.Lovelace@example.com', name: 'Ada Lovelace' };

function refusalOf(password: string, owner = ada): AppException {
  try {
    policy.assertStrongEnough(password, owner);
  } catch (error) {
    expect(error).toBeInstanceOf(AppException);
    return error as AppException;
  }
  throw new Error(`expected ${JSON.stringify(password)} to be refused`);
}

describe('PasswordPolicy', () => {
  it.each(['        ', ' \t \n \u00a0  '])('refuses a password made only of whitespace (%j)', (password) => {
    const error = refusalOf(password);

    expect(error.code).toBe(ErrorCode.WeakPassword);
    expect(error.status).toBe(400);
    expect(error.message).toBe('Choose a stronger password: A password made only of spaces is easy to guess.');
  });

  it.each([
    ['the email', 'Ada.Lovelace@example.com'],
    ['the email in other case', 'ada.lovelace@EXAMPLE.com'],
    ['the local part and a digit', 'ada.lovelace1'],
    ['the name run together', 'adalovelace'],
  ])('refuses %s, saying it contains personal data', (_, password) => {
    const error = refusalOf(password);

    expect(error.code).toBe(ErrorCode.WeakPassword);
    expect(error.message).toMatch(/^Choose a stronger password: /);
  });

  it('explains a common password in words, never as zxcvbn keys', () => {
    const error = refusalOf('password1');

    expect(error.message).toBe('Choose a stronger password: This is a common password. Add a word or two that are less common.');
  });

  it('refuses the name of the site', () => {
    expect(refusalOf('switchboard1').code).toBe(ErrorCode.WeakPassword);
  });

  it.each(['plum-cloud-9-ferry', 'correct horse battery', 'Tr1cky-Gr33n-Lamp'])('accepts %j', (password) => {
    expect(() => policy.assertStrongEnough(password, ada)).not.toThrow();
  });

  it('scores only the first 64 characters, so the longest password the API allows stays cheap to check', () => {
    const strongTail = 'plum-cloud-9-ferry';

    expect(refusalOf('a'.repeat(64) + strongTail).code).toBe(ErrorCode.WeakPassword);
    // The same tail within the first 64 characters makes it strong.
    expect(() => policy.assertStrongEnough('a'.repeat(64 - strongTail.length) + strongTail, ada)).not.toThrow();
  });
});
