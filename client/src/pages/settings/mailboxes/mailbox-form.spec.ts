import { describe, expect, it, vi } from 'vitest';
import { formErrors, formOf, passwordHint, sameForm, saveRefusal, toChange, toNewMailbox, type MailboxForm } from './mailbox-form';
import type { Mailbox } from './mailboxes-api';
import { ApiError } from '../../../api/http';

vi.mock('../../../api/http', () => import('../../../api/fake-http'));

const mailbox: Mailbox = {
  id: 'm1',
  channel: 'email',
  address: 'support@example.com',
  name: 'Support',
  config: { imapHost: 'imap.example.com', imapPort: 993, imapSecure: true, smtpHost: 'smtp.example.com', smtpPort: 587, smtpSecure: false, smtpUser: 'support' },
  secretsSet: ['imapPassword'],
  active: true,
  fromEnvironment: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const edited = (form: MailboxForm, change: (form: MailboxForm) => void): MailboxForm => {
  const copy = structuredClone(form);
  change(copy);
  return copy;
};

describe('the mailbox form', () => {
  it('starts a new mailbox active, IMAP with TLS and SMTP with STARTTLS, passwords empty', () => {
    expect(formOf(undefined)).toEqual({
      address: '',
      name: '',
      active: true,
      imap: { host: '', port: '', secure: true, user: '', password: '', forgetPassword: false },
      smtp: { host: '', port: '', secure: false, user: '', password: '', forgetPassword: false },
    });
  });

  it('shows a saved mailbox’s settings, never a password', () => {
    const form = formOf(mailbox);

    expect(form.imap).toEqual({ host: 'imap.example.com', port: '993', secure: true, user: '', password: '', forgetPassword: false });
    expect(form.smtp).toMatchObject({ host: 'smtp.example.com', port: '587', user: 'support', password: '' });
    expect(sameForm(form, formOf(mailbox))).toBe(true);
    expect(sameForm(form, edited(form, (next) => (next.smtp.password = 'x')))).toBe(false);
  });

  it('asks for an address and a name, and checks hosts and ports', () => {
    const form = edited(formOf(undefined), (next) => {
      next.address = 'not an address';
      next.imap.host = 'https://imap.example.com/';
      next.smtp.port = '70000';
    });

    const errors = formErrors(form, true);

    expect(Object.keys(errors).sort()).toEqual(['address', 'imap.host', 'name', 'smtp.port']);
    expect(errors.address).toContain('address');
    expect(errors.name).toContain('name');
    expect(errors['imap.host']).toContain('without https://');
    expect(errors['smtp.port']).toContain('1 to 65535');
    expect(formErrors(formOf(mailbox), false)).toEqual({});
  });

  it('creates with the settings given, default ports filled in, and the passwords typed', () => {
    const form = edited(formOf(undefined), (next) => {
      next.address = ' Sales@Example.com ';
      next.name = 'Sales';
      next.imap.host = 'imap.example.com';
      next.imap.password = 'secret';
    });

    expect(toNewMailbox(form)).toEqual({
      address: 'Sales@Example.com',
      name: 'Sales',
      config: { imapHost: 'imap.example.com', imapPort: 993, imapSecure: true },
      secrets: { imapPassword: 'secret' },
    });
  });

  it('changes every setting, removes a server left without a host, and touches only the passwords typed or removed', () => {
    const form = edited(formOf(mailbox), (next) => {
      next.smtp.host = '';
      next.imap.forgetPassword = true;
    });

    expect(toChange('m1', form)).toEqual({
      id: 'm1',
      name: 'Support',
      active: true,
      config: { imapHost: 'imap.example.com', imapPort: 993, imapSecure: true, imapUser: null, smtpHost: null, smtpPort: null, smtpSecure: null, smtpUser: null },
      secrets: { imapPassword: '' },
    });
    expect(toChange('m1', formOf(mailbox))).not.toHaveProperty('secrets');
  });

  it('says whether a password is saved, replaced or removed', () => {
    const form = formOf(mailbox);

    expect(passwordHint(mailbox, 'imap', form.imap)).toContain('A password is saved');
    expect(passwordHint(mailbox, 'imap', { ...form.imap, password: 'new' })).toContain('Replaces');
    expect(passwordHint(mailbox, 'imap', { ...form.imap, forgetPassword: true })).toContain('removed');
    expect(passwordHint(mailbox, 'smtp', form.smtp)).toContain('Never shown');
  });

  it('puts a taken address under the address field, and other refusals above the save bar', () => {
    const taken = saveRefusal(new ApiError('CHANNEL_ACCOUNT_TAKEN', 409, 'support@example.com is set up already.'));
    const invalid = saveRefusal(new ApiError('VALIDATION_FAILED', 400, 'name must be shorter than or equal to 100 characters'));

    expect(taken.field).toBe('address');
    expect(taken.message).toContain('set up already');
    expect(invalid).toEqual({ field: 'name', message: 'name must be shorter than or equal to 100 characters' });
    expect(saveRefusal(new ApiError('CONFLICT', 409, 'You can have at most 20 email accounts.'))).toEqual({ field: null, message: 'You can have at most 20 email accounts.' });
  });
});
