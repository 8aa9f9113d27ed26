import { describe, expect, it, vi } from 'vitest';
import { actionErrorMessage, checkUrl, formErrors, formOf, sameForm, saveRefusal, toFields } from './webhook-form';
import { ApiError } from '../../../api/http';

vi.mock('../../../api/http', () => import('../../../api/fake-http'));

describe('the webhook endpoint form', () => {
  it('starts a new endpoint active and subscribed to every event', () => {
    expect(formOf(undefined)).toEqual({ url: '', description: '', events: ['message.completed'], active: true });
  });

  it.each(['https://hooks.example.com/switchboard', 'http://localhost:8080/in', 'https://[::1]:8443/x?y=1'])('takes %s', (url) => {
    expect(checkUrl(url)).toBeUndefined();
  });

  it.each([
    ['', 'Enter the address'],
    ['hooks.example.com/in', 'full address'],
    ['ftp://hooks.example.com/', 'https://'],
    ['https://user:pw@hooks.example.com/', 'user name and password'],
    [`https://example.com/${'x'.repeat(2000)}`, 'At most 2000'],
  ])('refuses %j', (url, why) => {
    expect(checkUrl(url)).toContain(why);
  });

  it('asks for at least one event and a short description', () => {
    expect(formErrors({ url: 'https://a.example/', description: 'x'.repeat(201), events: [], active: true })).toEqual({
      description: 'At most 200 characters.',
      events: 'Choose at least one event.',
    });
  });

  it('sends trimmed fields and compares events in any order', () => {
    const form = { url: ' https://a.example/in ', description: ' CRM ', events: ['message.completed' as const], active: false };
    expect(toFields(form)).toEqual({ url: 'https://a.example/in', description: 'CRM', events: ['message.completed'], active: false });
    expect(sameForm(form, { ...form })).toBe(true);
    expect(sameForm(form, { ...form, active: true })).toBe(false);
  });

  it('puts a refused address under the URL field, and other refusals above the save bar', () => {
    expect(saveRefusal(new ApiError('WEBHOOK_TARGET_REFUSED', 400, '10.0.0.1 is a private address; webhooks are only sent to public addresses.'))).toEqual({
      field: 'url',
      message: "Switchboard can't send there: 10.0.0.1 is a private address; webhooks are only sent to public addresses.",
    });
    expect(saveRefusal(new ApiError('VALIDATION_FAILED', 400, 'url must not contain a user name or password.'))?.field).toBe('url');
    expect(saveRefusal(new ApiError('VALIDATION_FAILED', 400, 'something else'))).toEqual({ field: null, message: 'something else' });
    expect(saveRefusal(new ApiError('CONFLICT', 409, 'You have 10 webhook endpoints already; delete one first.'))).toEqual({
      field: null,
      message: 'You have 10 webhook endpoints already; delete one first.',
    });
    expect(saveRefusal(new ApiError('INTERNAL', 500, 'boom'))).toBeUndefined();
  });

  it("says why an action was refused in the server's words when they tell what to do", () => {
    expect(actionErrorMessage(new ApiError('CONFLICT', 409, 'The endpoint is switched off; switch it on to send to it.'))).toBe('The endpoint is switched off; switch it on to send to it.');
    expect(actionErrorMessage(new ApiError('INTERNAL', 500, 'stack trace'))).toBe('Something went wrong on our side. Please try again.');
  });
});
