import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './support/browser.js';
import { QUESTION_LABEL, ask } from './support/chat-page.js';
import { type LocalSite, startLocalSite } from './support/local-site.js';

const TOKEN = 'e2e-token-0123456789';
const READER = { user: 'rita', token: 'rita-token-0123456789ab', collections: { default: 'reader' } };

let site: LocalSite;
let browser: Browser;
let usersDir: string;

beforeAll(async () => {
  // RAG_API_TOKEN (an admin) next to a users file with one reader.
  usersDir = await mkdtemp(path.join(os.tmpdir(), 'rag-e2e-users-'));
  const usersFile = path.join(usersDir, 'users.json');
  await writeFile(usersFile, JSON.stringify([READER]));
  [site, browser] = await Promise.all([
    startLocalSite({ env: { RAG_API_TOKEN: TOKEN, RAG_USERS: usersFile, RAG_SAMPLE: '0' }, waitForSamples: false }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (usersDir) await rm(usersDir, { recursive: true, force: true });
});

async function signIn(token: string): Promise<Page> {
  const { page } = await openPage(browser);
  await page.goto(site.url);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel(QUESTION_LABEL).waitFor();
  return page;
}

test('with RAG_API_TOKEN set, the site asks for the token once per tab and refuses a wrong one', async () => {
  const { page } = await openPage(browser);
  await page.goto(site.url);

  const tokenField = page.getByLabel('API token');
  await tokenField.fill('not-the-token');
  await tokenField.press('Enter');
  await page.getByRole('alert').getByText('That token was not accepted').waitFor();

  await tokenField.fill(TOKEN);
  await page.getByRole('button', { name: 'Continue' }).click();
  const answer = await ask(page, 'Hello!');
  expect(await answer.getAttribute('data-status')).toBe('done');
  expect(await answer.locator('[data-handling]').getAttribute('data-handling')).toBe('smalltalk');

  await page.reload();
  await page.getByLabel(QUESTION_LABEL).waitFor();
  expect(await page.getByLabel('API token').count()).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem('rag-docbot.api-token'))).toBeNull();
});

test('a reader sees documents without upload or delete; an admin opens the Users & collections page', async () => {
  // prepare: a document in the collection the reader may read
  const form = new FormData();
  form.append('file', new Blob(['# Opening hours\n\nThe office opens at nine.\n'], { type: 'text/markdown' }), 'hours.md');
  const upload = await fetch(`${site.url}/api/documents`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${TOKEN}` } });
  const { jobId } = (await upload.json()) as { jobId: string };
  for (;;) {
    const job = (await (await fetch(`${site.url}/api/jobs/${jobId}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { status: string };
    if (!['queued', 'running'].includes(job.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // act
  const reader = await signIn(READER.token);
  const item = reader.locator('li.document[data-source="api-uploads/hours.md"]');
  await item.waitFor();
  const admin = await signIn(TOKEN);
  await admin.getByRole('button', { name: 'Users & collections' }).click();
  const row = admin.getByRole('row', { name: /rita/ });
  await row.waitFor();

  // assess
  expect(await item.innerText()).toContain('default');
  expect(await item.getByRole('button', { name: /Delete/ }).count()).toBe(0);
  expect(await reader.getByText('Drop files here').count()).toBe(0);
  expect(await reader.getByText('You can read these documents but not add or delete them.').count()).toBe(1);
  expect(await reader.getByRole('button', { name: 'Users & collections' }).count()).toBe(0);
  expect(await row.getByRole('combobox', { name: 'Role of rita in default' }).inputValue()).toBe('reader');
  expect(await admin.getByText(READER.token).count()).toBe(0);
});

test('a thumbs-down with a comment shows up on the admin Insights page', async () => {
  // prepare
  const admin = await signIn(TOKEN);
  const question = 'How much does the staff car park cost per month?';
  const answer = await ask(admin, question);

  // act: rate it down with a comment, then open the Insights page
  await answer.getByRole('button', { name: 'Unhelpful answer' }).click();
  await answer.getByLabel('What was wrong or missing? (optional)').fill('The parking rules are missing');
  await answer.getByRole('button', { name: 'Send comment' }).click();
  await answer.getByText('Thanks for the feedback.').waitFor();
  const pressed = await answer.getByRole('button', { name: 'Unhelpful answer' }).getAttribute('aria-pressed');
  await admin.getByRole('button', { name: 'Insights' }).click();
  const rated = admin.getByRole('table', { name: 'Answers rated unhelpful' }).getByRole('row', { name: /staff car park/ });
  await rated.waitFor();

  // assess
  expect(pressed).toBe('true');
  expect(await rated.innerText()).toContain('The parking rules are missing');
});
