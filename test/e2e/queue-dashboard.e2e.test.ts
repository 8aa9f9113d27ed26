import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite } from './support/browser-suite';
import { openSignedInPage } from './support/signed-in';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { role: string };
}

/** Settings → Operations: an admin opens the queue dashboard (bull-board) from the SPA. */
describe('the queue dashboard in the browser', () => {
  const suite = browserSuite();
  let admin: Session;
  let member: Session;

  const register = async (email: string): Promise<Session> => {
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple', name: email.split('@')[0] }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Session;
  };

  beforeAll(async () => {
    admin = await register('ops-admin@example.com');
    member = await register('ops-member@example.com');
    expect(admin.user.role).toBe('admin');
  });

  it('opens for an admin from Settings → Operations and shows every queue, with nothing refused by the page policy', async () => {
    const page = await openSignedInPage(suite, admin, '/settings/operations');
    await page.getByRole('button', { name: 'Open queue dashboard' }).click();
    await page.waitForURL('**/api/admin/queues/');
    for (const queue of ['async_ai_high', 'async_extract', 'async_index']) {
      await page.getByText(queue, { exact: true }).first().waitFor();
    }
    expect(suite.watched.errors).toEqual([]);
  });

  it('is not offered to members', async () => {
    const page = await openSignedInPage(suite, member, '/settings/account');
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    expect(await page.getByRole('link', { name: 'Operations' }).count()).toBe(0);
    await page.goto('/settings/operations');
    await page.getByText('Only admins can see the queues').waitFor();
    const dashboard = await page.goto('/api/admin/queues/');
    expect(dashboard?.status()).toBe(401);
  });
});
