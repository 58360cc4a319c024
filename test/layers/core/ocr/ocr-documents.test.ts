import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DocumentError } from '#core/errors.js';
import type { OcrContext } from '#core/ocr/ocr-context.js';
import type { OcrOptions, OcrProvider, OcrResult } from '#core/ocr/ocr-provider.js';
import { DEFAULT_OCR_SETTINGS } from '#core/ocr/ocr-settings.js';
import { TesseractOcr } from '#core/ocr/tesseract-ocr.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { writeGreyTiff } from '../../../fixtures/tiff-writer.js';
import { type RenderedText, missingChromium, renderTextImages } from '../../../support/rendered-text.js';

const SENTENCE = 'The lighthouse keeper counted forty seven ships in March.';
const SECOND = 'Invoices are paid within thirty days of receipt.';

/** The real engine, with a record of what it was asked to read. */
class RecordingOcr implements OcrProvider {
  readonly name = 'tesseract';
  readonly calls: number[] = [];
  constructor(private readonly inner: OcrProvider) {}
  async recognise(image: Uint8Array, options: OcrOptions): Promise<OcrResult> {
    this.calls.push(image.byteLength);
    return this.inner.recognise(image, options);
  }
}

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

const describeWithChromium = missingChromium() ? describe.skip : describe;

describeWithChromium('OCR of images and scanned PDFs (tesseract.js, offline)', () => {
  const tesseract = new TesseractOcr();
  let rendered: RenderedText;
  let second: RenderedText;
  const context = (provider: OcrProvider = tesseract, settings = {}): OcrContext => ({ provider, settings: { ...DEFAULT_OCR_SETTINGS, ...settings } });

  beforeAll(async () => {
    [rendered, second] = (await renderTextImages([[SENTENCE], [SECOND]], { pixels: true })) as [RenderedText, RenderedText];
  }, 480_000);
  afterAll(async () => {
    await tesseract.close();
  });

  test.each([
    ['notice.png', () => rendered.png],
    ['notice.jpg', () => rendered.jpeg],
    ['notice.tiff', () => writeGreyTiff(rendered.rgba!)],
  ])('%s becomes a one-page document holding the sentence', async (source, image) => {
    // act
    const document = await parseDocument({ source, bytes: image() }, { ocr: context() });

    // assess
    expect(document.format).toBe('image');
    expect(document.sections).toHaveLength(1);
    expect(document.sections[0]!.page).toBe(1);
    expect(words(document.sections[0]!.text)).toEqual(words(SENTENCE));
    expect(document.metadata).toMatchObject({ pages: 1, ocr: 'tesseract' });
    expect(document.metadata.lowConfidencePages).toBeUndefined();
  });

  test('a PDF whose pages are only images is OCRed page by page, keeping page numbers', async () => {
    // prepare
    const pdf = await PDFDocument.create();
    for (const picture of [await pdf.embedJpg(rendered.jpeg), await pdf.embedPng(second.png)]) {
      pdf.addPage([picture.width / 2, picture.height / 2]).drawImage(picture, { x: 0, y: 0, width: picture.width / 2, height: picture.height / 2 });
    }

    // act
    const document = await parseDocument({ source: 'scan.pdf', bytes: await pdf.save() }, { ocr: context() });

    // assess
    expect(document.sections.map((section) => section.page)).toEqual([1, 2]);
    expect(words(document.sections[0]!.text)).toEqual(words(SENTENCE));
    expect(words(document.sections[1]!.text)).toEqual(words(SECOND));
    expect(document.metadata).toMatchObject({ pages: 2, pagesWithText: 0, ocr: 'tesseract', ocrPages: [1, 2] });
  });

  test('a mixed PDF OCRs only its scanned page', async () => {
    // prepare
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([612, 792]).drawText('Chapter one is typed, not scanned.', { x: 72, y: 700, size: 14, font });
    const picture = await pdf.embedJpg(rendered.jpeg);
    pdf.addPage([612, 792]).drawImage(picture, { x: 0, y: 500, width: 612, height: (612 * picture.height) / picture.width });
    pdf.addPage([612, 792]).drawText('Chapter three is typed as well.', { x: 72, y: 700, size: 14, font });
    const recording = new RecordingOcr(tesseract);

    // act
    const document = await parseDocument({ source: 'mixed.pdf', bytes: await pdf.save() }, { ocr: context(recording) });

    // assess
    expect(recording.calls).toHaveLength(1);
    expect(document.sections.map((section) => section.page)).toEqual([1, 2, 3]);
    expect(document.sections[0]!.text).toBe('Chapter one is typed, not scanned.');
    expect(words(document.sections[1]!.text)).toEqual(words(SENTENCE));
    expect(document.metadata).toMatchObject({ pagesWithText: 2, ocrPages: [2] });
  });

  test('a scan over the page limit is refused with the limit named, before any page is read', async () => {
    // prepare
    const pdf = await PDFDocument.create();
    const picture = await pdf.embedJpg(rendered.jpeg);
    for (let page = 0; page < 300; page++) pdf.addPage([612, 792]).drawImage(picture, { x: 0, y: 0, width: 612, height: 200 });
    const recording = new RecordingOcr(tesseract);

    // act
    const error = await parseDocument({ source: 'archive.pdf', bytes: await pdf.save() }, { ocr: context(recording, { maxPages: 50 }) }).catch(
      (caught: unknown) => caught,
    );

    // assess
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).reason).toBe('too_large');
    expect((error as DocumentError).message).toBe(
      'archive.pdf: has 300 scanned pages; OCR reads at most 50 per document (RAG_OCR_MAX_PAGES); split it or raise the limit',
    );
    expect(recording.calls).toHaveLength(0);
  });

  test('text read with low confidence is marked in the page and the metadata', async () => {
    // act: a threshold above any real score makes this clean page "uncertain"
    const document = await parseDocument({ source: 'notice.png', bytes: rendered.png }, { ocr: context(tesseract, { lowConfidence: 101 }) });

    // assess
    expect(document.sections[0]!.text).toMatch(/\[Scanned page read by OCR with low confidence \(\d+%\); check the original\.\]$/);
    expect(document.metadata.lowConfidencePages).toEqual([1]);
  });

  test('two documents read at once both finish, however soon the worker idles after one of them', async () => {
    // prepare: an idle time far shorter than a page, so the first page's end would idle the worker under the second
    const quickToIdle = new TesseractOcr(undefined, 1);
    const options = { language: 'eng', timeoutMs: 60_000 };

    try {
      // act
      const [first, next] = await Promise.all([quickToIdle.recognise(rendered.png, options), quickToIdle.recognise(second.png, options)]);

      // assess
      expect(words(first.text)).toEqual(words(SENTENCE));
      expect(words(next.text)).toEqual(words(SECOND));
    } finally {
      await quickToIdle.close();
    }
  }, 180_000);

  test('a page still being read when the worker is stopped fails at once instead of waiting for its limit', async () => {
    // prepare
    const ocr = new TesseractOcr();
    const reading = ocr.recognise(second.png, { language: 'eng', timeoutMs: 120_000 }).catch((caught: unknown) => caught);

    // act
    await ocr.close();
    const outcome = await reading;

    // assess
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/OCR worker was stopped while it read this page/);
  }, 60_000);

  test('a page that takes longer than the time limit fails with the limit named', async () => {
    // act
    const error = await parseDocument({ source: 'notice.png', bytes: rendered.png }, { ocr: context(tesseract, { timeoutMs: 1 }) }).catch(
      (caught: unknown) => caught,
    );

    // assess
    expect((error as DocumentError).reason).toBe('too_complex');
    expect((error as DocumentError).message).toMatch(/page 1 could not be read by OCR within 1 ms \(RAG_OCR_TIMEOUT_MS\)/);
  });
});
