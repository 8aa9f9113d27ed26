import { describe, expect, it, vi } from 'vitest';
import { formErrors, formOf, saveRefusal, secretHint, toChange, toNewNumber, type WhatsAppNumberForm } from './whatsapp-number-form';
import type { WhatsAppNumber } from './whatsapp-numbers-api';
import { ApiError } from '../../../api/http';

vi.mock('../../../api/http', () => import('../../../api/fake-http'));

const number: WhatsAppNumber = {
  id: 'n1',
  channel: 'whatsapp',
  address: '106540352242922',
  name: 'Customer service',
  config: { displayPhoneNumber: '+1 555-010-0000', verifiedName: 'Shop' },
  secretsSet: ['accessToken', 'appSecret'],
  active: true,
  fromEnvironment: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const edited = (form: WhatsAppNumberForm, change: (form: WhatsAppNumberForm) => void): WhatsAppNumberForm => {
  const copy = structuredClone(form);
  change(copy);
  return copy;
};

describe('the WhatsApp number form', () => {
  it('never holds a saved secret, only what is typed', () => {
    const form = formOf(number);
    expect(form).toMatchObject({ phoneNumberId: '106540352242922', name: 'Customer service', active: true, graphUrl: '' });
    expect(Object.values(form.secrets).every((secret) => secret.value === '' && !secret.forget)).toBe(true);
  });

  it('asks for the phone number id (digits), a name and, for a new number, an access token', () => {
    const empty = formOf(undefined);
    expect(Object.keys(formErrors(empty, true)).sort()).toEqual(['accessToken', 'name', 'phoneNumberId']);
    const ready = edited(empty, (form) => {
      form.phoneNumberId = ' 106540352242922 ';
      form.name = 'Sales';
      form.secrets.accessToken.value = 'EAAG…';
    });
    expect(formErrors(ready, true)).toEqual({});
    expect(formErrors(edited(ready, (form) => (form.phoneNumberId = '+1 555 0100')), true)).toHaveProperty('phoneNumberId');
    expect(formErrors(edited(ready, (form) => (form.graphUrl = 'graph.facebook.com')), true)).toHaveProperty('graphUrl');
    // A saved number keeps its token when none is typed.
    expect(formErrors(formOf(number), false)).toEqual({});
  });

  it('creates with the secrets typed, and the Graph URL only when given', () => {
    const form = edited(formOf(undefined), (next) => {
      next.phoneNumberId = '106540352242922';
      next.name = ' Sales ';
      next.secrets.accessToken.value = 'token';
      next.secrets.verifyToken.value = 'verify';
    });
    expect(toNewNumber(form)).toEqual({ phoneNumberId: '106540352242922', name: 'Sales', secrets: { accessToken: 'token', verifyToken: 'verify' } });
    expect(toNewNumber(edited(form, (next) => (next.graphUrl = 'http://127.0.0.1:9/v21.0')))).toMatchObject({ config: { graphUrl: 'http://127.0.0.1:9/v21.0' } });
  });

  it('changes only the secrets touched: a new one replaces, a removed one is sent empty', () => {
    const initial = formOf(number);
    expect(toChange('n1', initial, initial)).toEqual({ id: 'n1', name: 'Customer service', active: true });
    const form = edited(initial, (next) => {
      next.secrets.accessToken.value = 'new-token';
      next.secrets.appSecret.forget = true;
      next.graphUrl = 'https://graph.example/v21.0';
    });
    expect(toChange('n1', form, initial)).toEqual({ id: 'n1', name: 'Customer service', active: true, config: { graphUrl: 'https://graph.example/v21.0' }, secrets: { accessToken: 'new-token', appSecret: '' } });
    expect(toChange('n1', edited(initial, (next) => (next.graphUrl = '')), { ...initial, graphUrl: 'https://graph.example' })).toMatchObject({ config: { graphUrl: null } });
  });

  it('says whether a secret is set, replaced or removed, never what it is', () => {
    expect(secretHint(number, 'accessToken', { value: '', forget: false })).toBe('Set. Type a new one to replace it.');
    expect(secretHint(number, 'accessToken', { value: 'x', forget: false })).toBe('Replaces the saved one when you save.');
    expect(secretHint(number, 'appSecret', { value: '', forget: true })).toBe('Removed when you save. Without one, the server’s own is used.');
    expect(secretHint(number, 'verifyToken', { value: '', forget: false })).toBe('Not set. Without one, the server’s own is used.');
  });

  it('puts the server’s refusals on the field they are about', () => {
    expect(saveRefusal(new ApiError('CHANNEL_ACCOUNT_TAKEN', 409, 'taken'))).toMatchObject({ field: 'phoneNumberId' });
    expect(saveRefusal(new ApiError('VALIDATION_FAILED', 400, 'secrets.accessToken: WhatsApp did not let this token use phone number id 1.'))).toEqual({
      field: 'accessToken',
      message: 'WhatsApp did not let this token use phone number id 1.',
    });
    expect(saveRefusal(new ApiError('FORBIDDEN', 403, 'Only an admin may set config.graphUrl'))).toMatchObject({ field: 'graphUrl' });
    expect(saveRefusal(new ApiError('SERVICE_UNAVAILABLE', 503, 'WhatsApp could not be reached'))).toEqual({ field: null, message: 'WhatsApp could not be reached' });
  });
});
