import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './support/browser.js';
import { QUESTION_LABEL, ask } from './support/chat-page.js';
import { type LocalSite, startLocalSite } from './support/local-site.js';

const TOKEN = 'e2e-token-0123456789';

let site: LocalSite;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([startLocalSite({ env: { RAG_API_TOKEN: TOKEN, RAG_SAMPLE: '0' }, waitForSamples: false }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

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
