import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/app-config';
import { environmentMailbox, imapSettingsOf, platformSender, smtpSettingsOf } from './mailbox-settings';

const config = (env: Record<string, string> = {}) => loadConfig({ APP_ENV: 'test', ...env });

describe('imapSettingsOf', () => {
  it('is null without an IMAP host, and fills in port and user', () => {
    expect(imapSettingsOf({ address: 'a@x.org', config: {}, secrets: {} })).toBeNull();
    expect(imapSettingsOf({ address: 'a@x.org', config: { imapHost: 'imap.x.org' }, secrets: { imapPassword: 'p' } })).toEqual({ host: 'imap.x.org', port: 993, secure: true, user: 'a@x.org', password: 'p' });
    expect(imapSettingsOf({ address: 'a@x.org', config: { imapHost: 'imap.x.org', imapSecure: false, imapUser: 'u' }, secrets: {} })).toMatchObject({ port: 143, user: 'u', password: '' });
  });
});

describe('smtpSettingsOf', () => {
  it('takes the mailbox’s own server, else the platform’s, else none', () => {
    const platform = config({ SMTP_HOST: 'smtp.platform.org', SMTP_USER: 'pu', SMTP_PASSWORD: 'pp' }).smtp;

    expect(smtpSettingsOf({ config: { smtpHost: 'smtp.x.org', smtpUser: 'u' }, secrets: { smtpPassword: 'p' } }, platform)).toEqual({ host: 'smtp.x.org', port: 587, secure: false, user: 'u', password: 'p' });
    expect(smtpSettingsOf({ config: {}, secrets: {} }, platform)).toEqual({ host: 'smtp.platform.org', port: 587, secure: false, user: 'pu', password: 'pp' });
    expect(smtpSettingsOf(null, config().smtp)).toBeNull();
  });
});

describe('environmentMailbox', () => {
  it('is none unless SMTP or IMAP is configured', () => {
    expect(environmentMailbox(config())).toBeNull();
  });

  it('is SMTP_FROM’s address with the SMTP_* and IMAP_* settings, passwords as secrets', () => {
    const mailbox = environmentMailbox(
      config({ SMTP_HOST: 'smtp.x.org', SMTP_FROM: 'Help Desk <Help@X.org>', IMAP_HOST: 'imap.x.org', IMAP_USER: 'help', IMAP_PASSWORD: 'secret' }),
    );

    expect(mailbox).toEqual({
      address: 'help@x.org',
      name: 'Help Desk',
      config: { imapHost: 'imap.x.org', imapPort: 993, imapSecure: true, imapUser: 'help', smtpHost: 'smtp.x.org', smtpPort: 587, smtpSecure: false },
      secrets: { imapPassword: 'secret' },
    });
  });
});

describe('platformSender', () => {
  it('reads a name and an address from SMTP_FROM, or none', () => {
    expect(platformSender(config({ SMTP_FROM: 'bot@x.org' }).smtp)).toEqual({ name: 'Switchboard', address: 'bot@x.org' });
    expect(platformSender(config({ SMTP_FROM: 'not an address' }).smtp)).toBeNull();
  });
});
