import type { Locator, Page } from 'playwright-core';

export const QUESTION_LABEL = 'Ask a question about your documents';

/** Asks through the question box and waits until the answer has finished arriving. */
export async function ask(page: Page, question: string): Promise<Locator> {
  const answers = page.locator('article.message-assistant');
  const index = await answers.count();
  const input = page.getByLabel(QUESTION_LABEL);
  await input.fill(question);
  await input.press('Enter');
  await page.waitForFunction(
    (i) => {
      const status = document.querySelectorAll('article.message-assistant')[i]?.getAttribute('data-status');
      return status !== undefined && status !== null && status !== 'pending' && status !== 'streaming';
    },
    index,
    { timeout: 60_000 },
  );
  return answers.nth(index);
}

/** Picks files through the Documents panel's file picker and waits for their job to finish; returns its final status. */
export async function uploadThroughUi(page: Page, files: string[], fileName: string): Promise<string> {
  await page.locator('input[type=file]').setInputFiles(files);
  const job = page.locator('li.job', { hasText: fileName });
  await job.waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (name) => {
      const card = Array.from(document.querySelectorAll('li.job')).find((el) => el.textContent?.includes(name));
      return ['succeeded', 'partially_failed', 'failed'].includes(card?.getAttribute('data-job-status') ?? '');
    },
    fileName,
    { timeout: 90_000 },
  );
  return (await job.getAttribute('data-job-status')) ?? '';
}
