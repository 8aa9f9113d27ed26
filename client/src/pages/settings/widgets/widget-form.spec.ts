import { describe, expect, it } from 'vitest';
import { checkDomain, checkPrivacyUrl, embedSnippet, formErrors, formOf, normalizeDomain, serverFieldErrors, toFields } from './widget-form';

describe('allowed domains', () => {
  it.each(['shop.example.com', '*.example.com', 'localhost:5173', 'localhost', '127.0.0.1:8080', 'a-b.example.co.uk'])('accepts %s', (domain) => {
    expect(checkDomain(domain)).toBeUndefined();
  });

  it.each(['https://shop.example.com', 'shop.example.com/path', 'Shop.example.com', '*example.com', 'shop.*.com', '-shop.example.com', 'shop..example.com', 'exa mple.com', '', 'localhost:99999', '*.'])(
    'refuses %j',
    (domain) => {
      expect(checkDomain(domain)).toMatch(/isn't a host name|port/);
    },
  );

  it('refuses a wildcard over a whole top-level domain', () => {
    expect(checkDomain('*.com')).toMatch(/too broad/);
    expect(checkDomain('*.localhost:3000')).toMatch(/too broad/);
    expect(checkDomain('*.example.com:8443')).toBeUndefined();
  });

  it('reduces a pasted address to its host', () => {
    expect(normalizeDomain('  https://Shop.Example.com/cart?x=1 ')).toBe('shop.example.com');
    expect(normalizeDomain('http://localhost:5173/')).toBe('localhost:5173');
    expect(normalizeDomain('*.Example.com')).toBe('*.example.com');
    expect(normalizeDomain('example.com.')).toBe('example.com');
  });
});

describe('the widget form', () => {
  it('needs a name and a domain', () => {
    const errors = formErrors(formOf(undefined));
    expect(errors.name).toBeDefined();
    expect(errors.allowedDomains).toBeDefined();
    expect(formErrors({ ...formOf(undefined), name: 'Shop', allowedDomains: ['shop.example.com'] })).toEqual({});
  });

  it('names the first bad domain', () => {
    const errors = formErrors({ ...formOf(undefined), name: 'Shop', allowedDomains: ['ok.example.com', 'not a host'] });
    expect(errors.allowedDomains).toContain('not a host');
  });

  it('checks the colour, the privacy address and text lengths', () => {
    const errors = formErrors({ ...formOf(undefined), name: 'Shop', allowedDomains: ['a.com'], color: 'blue', privacyUrl: 'javascript:alert(1)', placeholder: 'x'.repeat(81) });
    expect(Object.keys(errors).sort()).toEqual(['color', 'placeholder', 'privacyUrl']);
    expect(checkPrivacyUrl('https://example.com/privacy')).toBeUndefined();
    expect(checkPrivacyUrl('')).toBeUndefined();
  });

  it('sends no pinned prompt and no privacy address as null', () => {
    const fields = toFields({ ...formOf(undefined), name: ' Shop ', allowedDomains: ['a.com'], color: '#ABCDEF' });
    expect(fields).toMatchObject({ name: 'Shop', taskPromptTopic: null, config: { privacyUrl: null, color: '#abcdef' } });
  });

  it('starts from the saved widget', () => {
    const form = formOf({
      id: 'w',
      name: 'Shop',
      taskPromptTopic: 'support',
      allowedDomains: ['a.com'],
      active: false,
      createdAt: '',
      updatedAt: '',
      config: { title: 'T', subtitle: '', greeting: 'G', placeholder: 'P', color: '#000000', position: 'left', humanHandoff: false, privacyUrl: null },
    });
    expect(form).toMatchObject({ taskPromptTopic: 'support', active: false, subtitle: '', position: 'left', privacyUrl: '' });
  });
});

describe('server validation messages', () => {
  it('are put under the fields they name', () => {
    const { fields, rest } = serverFieldErrors('each value in allowedDomains must be a host name; color must be a hex colour; something else went wrong');
    expect(fields.allowedDomains).toBe('each value in allowedDomains must be a host name');
    expect(fields.color).toBe('color must be a hex colour');
    expect(rest).toEqual(['something else went wrong']);
  });

  it('tell title from subtitle and name from host name', () => {
    expect(serverFieldErrors('subtitle must be shorter than or equal to 120 characters').fields).toHaveProperty('subtitle');
    expect(serverFieldErrors('name should not be empty').fields).toHaveProperty('name');
    expect(serverFieldErrors('allowedDomains.0: must be a host name').fields).toHaveProperty('allowedDomains');
  });
});

describe('the embed snippet', () => {
  it('loads widget.js from this origin', () => {
    expect(embedSnippet('https://app.example.com', 'abc')).toBe('<script src="https://app.example.com/widget.js" data-widget-id="abc" async></script>');
  });
});
