import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './support/browser.js';
import { QUESTION_LABEL, ask, uploadThroughUi } from './support/chat-page.js';
import { type LocalSite, REPO_ROOT, startLocalSite } from './support/local-site.js';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs/screenshots');

let site: LocalSite;
let browser: Browser;
let page: Page;
let problems: string[];
let files: string;

beforeAll(async () => {
  [site, browser] = await Promise.all([startLocalSite(), launchChromium()]);
  ({ page, problems } = await openPage(browser));
  files = await mkdtemp(path.join(os.tmpdir(), 'rag-e2e-files-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.goto(site.url);
  await page.getByLabel(QUESTION_LABEL).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (files) await rm(files, { recursive: true, force: true });
});

afterEach(() => {
  // A failed expectation is easier to read with what the server and the page said.
  if (problems.length > 0) process.stderr.write(`page problems:\n${problems.join('\n')}\n`);
});

describe('the chat site against the local stack', () => {
  test('a question about the sample documents gets a cited answer', async () => {
    const answer = await ask(page, 'How do I upload documents?');

    expect(await answer.getAttribute('data-status')).toBe('done');
    expect(await answer.locator('.markdown').innerText()).toContain('Documents panel');
    expect(await answer.locator('.markdown button.cite').count()).toBeGreaterThan(0);
    expect(await answer.locator('[data-handling]').getAttribute('data-handling')).toBe('extractive');
    expect(await answer.getByRole('region', { name: 'Sources' }).innerText()).toContain('Getting started');
    // Focus goes back to the question box, ready for the next question.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');

    await page.waitForTimeout(300); // let the entry animation settle for the picture
    await page.screenshot({ path: path.join(SCREENSHOTS, 'chat.png') });
  });

  test('a citation opens its source: title, section and excerpt', async () => {
    const answer = page.locator('article.message-assistant').first();
    const marker = answer.locator('.markdown button.cite').first();

    await marker.click();

    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Getting started with the document assistant');
    expect(await dialog.innerText()).toContain('Adding documents');
    expect(await dialog.locator('.source-excerpt').innerText()).toContain('Upload PDF');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cite'))).toBe(true);
  });

  test('the conversation survives a reload', async () => {
    await page.reload();

    await page.getByRole('log').getByText('How do I upload documents?').waitFor();
    expect(await page.locator('article.message-assistant .markdown button.cite').count()).toBeGreaterThan(0);
  });

  test('an uploaded document is indexed, then answers and is cited', async () => {
    const file = path.join(files, 'zorblax-handbook.md');
    await writeFile(
      file,
      '# Zorblax maintenance handbook\n\n## Calibrating the zorblax\n\nTo calibrate the zorblax, turn the quantum dial to forty-two degrees and wait seven minutes before sealing the hatch.\n',
    );

    const status = await uploadThroughUi(page, [file], 'zorblax-handbook.md');

    expect(status).toBe('succeeded');
    await page.locator('li.document[data-source="api-uploads/zorblax-handbook.md"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('li.document[data-source="api-uploads/zorblax-handbook.md"]').innerText()).toMatch(/Indexed[\s\S]*1 chunk/);

    const answer = await ask(page, 'How do I calibrate the zorblax?');

    expect(await answer.locator('.markdown').innerText()).toContain('quantum dial');
    await answer.locator('.markdown button.cite').first().click();
    expect(await page.getByRole('dialog').innerText()).toContain('Zorblax maintenance handbook');
    await page.keyboard.press('Escape');
  });

  test('a greeting gets a reply with no sources', async () => {
    const answer = await ask(page, 'hola, ¿qué tal?');

    expect(await answer.getAttribute('data-status')).toBe('done');
    expect(await answer.locator('[data-handling]').getAttribute('data-handling')).toBe('smalltalk');
    expect(await answer.locator('.markdown').innerText()).not.toBe('');
    expect(await answer.locator('.sources').count()).toBe(0);
    expect(await answer.locator('button.cite').count()).toBe(0);
    expect(await answer.getAttribute('lang')).toBe('es');
  });

  test('markup inside a document is shown as text, never run', async () => {
    const file = path.join(files, 'frobnicator-faq.html');
    await writeFile(
      file,
      '<!doctype html><html><head><title>Frobnicator FAQ</title></head><body><h1>Frobnicator FAQ</h1>' +
        '<p>The frobnicator FAQ quotes &lt;img src=x onerror="window.__xss=1"&gt; and &lt;script&gt;window.__xss=2&lt;/script&gt; as examples of pasted markup.</p>' +
        '<script>window.__xss=3</script></body></html>',
    );
    expect(await uploadThroughUi(page, [file], 'frobnicator-faq.html')).toBe('succeeded');

    const answer = await ask(page, 'What does the frobnicator FAQ quote?');
    await answer.locator('.markdown button.cite').first().click();
    await page.getByRole('dialog').waitFor();

    const text = await answer.locator('.markdown').innerText();
    expect(text).toContain('onerror="window.__xss=1"');
    expect(text).toContain('<script>window.__xss=2</script>');
    expect(await page.getByRole('dialog').locator('.source-excerpt').innerText()).toContain('onerror=');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => Array.from(document.scripts).some((script) => script.textContent?.includes('__xss')))).toBe(false);
    await page.keyboard.press('Escape');
  });

  test('keyboard only: from the question box to a source and back', async () => {
    await ask(page, 'What is offline mode?');
    let onChip = false;
    for (let i = 0; i < 12 && !onChip; i += 1) {
      await page.keyboard.press('Shift+Tab');
      onChip = await page.evaluate(() => document.activeElement?.classList.contains('source-chip') ?? false);
    }
    expect(onChip).toBe(true);

    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Close');
    await page.keyboard.press('Escape');

    expect(await page.evaluate(() => document.activeElement?.classList.contains('source-chip'))).toBe(true);
  });

  test('the site loads with the strict Content-Security-Policy and no errors', async () => {
    const response = await page.goto(site.url);

    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel(QUESTION_LABEL).waitFor();
    expect(problems.filter((problem) => /Content Security Policy|Refused to/i.test(problem))).toEqual([]);
    expect(problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  });

  test('on a phone-sized screen the chat fits and the documents open as a sheet', async () => {
    const { page: phone } = await openPage(browser, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.goto(site.url);

    await ask(phone, 'How do I upload documents?');

    // Nothing sticks out sideways: not the page, and not the scrolling conversation.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(
      await phone.evaluate(() =>
        Array.from(document.querySelectorAll('.chat-scroll, .message-list, .sources-list')).every((el) => el.scrollWidth <= el.clientWidth),
      ),
    ).toBe(true);
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'chat-mobile.png') });
    await phone.getByRole('button', { name: 'Documents', exact: true }).click();
    expect(await phone.getByRole('dialog', { name: 'Documents' }).innerText()).toContain('Getting started');
    await phone.context().close();
  });
});
