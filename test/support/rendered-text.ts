import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from './chromium.js';

let reported = false;

/** Why text cannot be rendered to an image here, or undefined when Chromium is installed. Prints the reason once. */
export function missingChromium(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `Chromium is not installed at ${CHROMIUM_PATH} (set CHROMIUM_PATH); it renders the text that OCR tests read back`;
  if (!reported) {
    reported = true;
    console.warn(`Skipping OCR tests: ${reason}.`);
  }
  return reason;
}

export interface RenderedText {
  png: Buffer;
  jpeg: Buffer;
  /** Decoded RGBA pixels of the same picture, for encoders the browser lacks (TIFF); only when asked for. */
  rgba?: { data: Uint8Array; width: number; height: number };
}

/**
 * Renders each page's lines black on white, as a scanner at about 150 dpi would see a printed
 * page, with the system's Chromium: headless, offline, one browser for all pages.
 */
export async function renderTextImages(pages: string[][], { width = 1200, pixels = false } = {}): Promise<RenderedText[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height: 100 } });
    const rendered: RenderedText[] = [];
    for (const lines of pages) rendered.push(await renderPage(page, lines, pixels));
    return rendered;
  } finally {
    await browser.close();
  }
}

async function renderPage(page: Page, lines: string[], pixels: boolean): Promise<RenderedText> {
  const paragraphs = lines.map((line) => `<p>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('');
  await page.setContent(`<body style="margin:48px;background:#fff;color:#000;font:28px 'DejaVu Serif',serif">${paragraphs}</body>`);
  const png = await page.screenshot({ type: 'png', fullPage: true });
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 90, fullPage: true });
  if (!pixels) return { png, jpeg };
  // Pixels cross the DevTools protocol as a JSON array: slow for a full page, so only on request.
  const rgba = await page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    return { data: Array.from(context.getImageData(0, 0, image.width, image.height).data), width: image.width, height: image.height };
  }, png.toString('base64'));
  return { png, jpeg, rgba: { data: Uint8Array.from(rgba.data), width: rgba.width, height: rgba.height } };
}
