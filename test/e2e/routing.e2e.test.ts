import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite } from './support/browser-suite';
import { openSignedInPage } from './support/signed-in';

const PASSWORD = 'correct horse battery';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { role: string };
}

/** Settings → Task prompts and Routing in Chromium, and their effect on how a chat message is routed. */
describe('routing settings in the browser', () => {
  let admin: Session;
  const suite = browserSuite();
  const { watched } = suite;
  const pageErrors = watched.errors;

  beforeAll(async () => {
    admin = await register('Ada Admin');
    expect(admin.user.role).toBe('admin');
  });

  async function register(name: string): Promise<Session> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `routing-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD, name }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Session;
  }

  async function api<T>(session: Session, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.ok).toBe(true);
    return (await response.json()) as T;
  }

  const pageAs = (session: Session, path: string): Promise<Page> => openSignedInPage(suite, session, path);

  it('lets an admin add a selection rule to a task prompt, and a message with that keyword is routed to its topic', async () => {
    const page = await pageAs(admin, '/settings/prompts');
    await page.getByText('saving a system prompt changes it for everyone').waitFor();
    await page.getByRole('searchbox', { name: 'Search task prompts' }).fill('office');
    await page.getByRole('button', { name: /^officemaker/ }).click();
    await page.getByRole('heading', { name: 'officemaker' }).waitFor();

    const rules = page.getByRole('textbox', { name: 'Selection rules' });
    await rules.fill('zebrafish');
    await rules.press('Enter');
    await page.getByRole('button', { name: 'Remove “zebrafish”' }).waitFor();
    // The three-way web search choice, not a checkbox: Auto stays Auto unless chosen.
    expect(await page.getByRole('radiogroup', { name: 'Web search' }).getByRole('radio', { checked: true }).innerText()).toBe('Off');

    // Switching to another prompt with unsaved changes asks first.
    await page.getByRole('searchbox', { name: 'Search task prompts' }).fill('');
    await page.getByRole('button', { name: /^general/ }).click();
    await page.getByRole('dialog', { name: 'Discard unsaved changes?' }).getByRole('button', { name: 'Cancel' }).click();

    const [saved] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('/api/v1/prompts/') && response.request().method() === 'PUT'),
      page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(saved.status()).toBe(200);
    await page.getByRole('region', { name: 'Unsaved changes' }).waitFor({ state: 'detached' });
    const prompts = await api<Array<{ topic: string; scope: string; selectionRules: string[] }>>(admin, '/prompts');
    expect(prompts.find((prompt) => prompt.topic === 'officemaker')).toMatchObject({ scope: 'system', selectionRules: expect.arrayContaining(['zebrafish']) });

    // "Try a message" on the routing page shows the rule at work.
    await page.getByRole('link', { name: 'Routing' }).click();
    await page.getByRole('heading', { name: 'Routing', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Tell me something about Zebrafish, please.');
    await page.getByRole('button', { name: 'Try it' }).click();
    await page.getByText('a selection rule').waitFor();
    expect(await page.locator('.trial-facts').innerText()).toContain('officemaker');

    // And so does the chat: the answer's details name the topic.
    await page.getByRole('link', { name: 'Chat' }).click();
    // The chat page loads as a chunk of its own: until it shows, the routing page's "Message" box is the one on screen.
    await page.getByText('Start a conversation').waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Tell me something about Zebrafish, please.');
    await composer.press('Enter');
    const reply = page.getByRole('article', { name: 'Answer' }).last();
    await reply.getByText('Topic: officemaker', { exact: false }).waitFor();
    await reply.getByRole('button', { name: 'Answer details' }).click();
    await reply.locator('.answer-details').getByText('a selection rule').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('switches routing off and on at once, and keeps edits to the planner prompt until saved or discarded', async () => {
    const page = await pageAs(admin, '/settings/routing');
    const toggle = page.getByRole('switch', { name: 'Plan multi-step requests' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');

    await Promise.all([page.waitForResponse((response) => response.url().endsWith('/settings/routing') && response.request().method() === 'PUT'), toggle.click()]);
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect((await api<{ routingEnabled: boolean }>(admin, '/settings/routing')).routingEnabled).toBe(false);
    await Promise.all([page.waitForResponse((response) => response.url().endsWith('/settings/routing') && response.request().method() === 'PUT'), toggle.click()]);
    expect((await api<{ routingEnabled: boolean }>(admin, '/settings/routing')).routingEnabled).toBe(true);

    // Preview fills in the capabilities; Source shows the placeholder.
    await page.getByText('- document_generation: Write a document').waitFor();
    await page.getByRole('tab', { name: 'Source' }).first().click();
    await page.locator('.prompt-source').getByText('{{capabilities}}', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Edit' }).first().click();
    const source = page.getByRole('textbox', { name: 'Planner prompt' });
    await source.fill('Plan the request as JSON. Capabilities: {{capabilities}}');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await source.waitFor({ state: 'detached' });
    expect((await api<{ plannerPrompt: string }>(admin, '/settings/routing')).plannerPrompt).toContain('You are the planner');

    await page.getByRole('button', { name: 'Edit' }).first().click();
    await source.fill('Plan the request as JSON. Capabilities: {{capabilities}}');
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await source.waitFor({ state: 'detached' });
    expect((await api<{ plannerPrompt: string }>(admin, '/settings/routing')).plannerPrompt).toBe('Plan the request as JSON. Capabilities: {{capabilities}}');

    await page.getByRole('button', { name: 'Restore default' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restore default' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await api<{ plannerPrompt: string }>(admin, '/settings/routing')).plannerPrompt).toContain('You are the planner');
    expect(pageErrors).toEqual([]);
  });

  it('gives a user their own copy of a system prompt, and no Routing section', async () => {
    const user = await register('Una User');
    expect(user.user.role).toBe('user');
    const page = await pageAs(user, '/settings/prompts');
    await page.getByText('makes your own personal copy').waitFor();
    await page.getByRole('link', { name: 'Models' }).waitFor();
    expect(await page.getByRole('link', { name: 'Routing' }).count()).toBe(0);

    await page.getByRole('button', { name: /^translate/ }).click();
    await page.getByRole('radiogroup', { name: 'Web search' }).getByRole('radio', { name: 'Auto' }).click();
    await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your version').first().waitFor();
    const mine = await api<Array<{ topic: string; scope: string; overridesSystem?: boolean; settings: { webSearch: boolean | null } }>>(user, '/prompts');
    expect(mine.find((prompt) => prompt.topic === 'translate')).toMatchObject({ scope: 'user', overridesSystem: true, settings: { webSearch: null } });
    const everyone = await api<Array<{ topic: string; scope: string }>>(admin, '/prompts');
    expect(everyone.find((prompt) => prompt.topic === 'translate')?.scope).toBe('system');

    await page.getByRole('button', { name: 'Use the workspace version' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Use the workspace version' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('Choose a task prompt').waitFor();

    await page.goto('/settings/routing');
    await page.getByText('Only admins can change routing').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
