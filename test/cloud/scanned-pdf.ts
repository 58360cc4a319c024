import { PDFDocument, StandardFonts } from 'pdf-lib';
import { type RenderedText, renderTextImages } from '../support/rendered-text.js';

/** The sentence printed at the end of the scanned page, and a question it answers. */
export const SCANNED_FACT = 'The ferry to the island leaves at seven forty five every morning.';
export const SCANNED_QUESTION = 'When does the ferry to the island leave every morning?';

/**
 * A PDF as an office scanner and a word processor make one together: page 1 typed (a text layer), page 2 the picture
 * of a printed page (no text layer), rendered by Chromium. The scanned page is longer than one chunk with the fact at
 * its end, so the chunk that holds the fact starts on page 2 (a chunk is cited by the page its text starts on).
 */
export async function buildTypedAndScannedPdf(): Promise<Buffer> {
  const [scan] = (await renderTextImages([
    [
      'Ferry timetable',
      ...Array.from({ length: 30 }, (_, pier) => `Pier ${pier + 1} takes cargo vans and delivery lorries before the passenger boats.`),
      SCANNED_FACT,
    ],
  ])) as [RenderedText];
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const typed = pdf.addPage([612, 792]);
  typed.drawText('Island transport', { x: 72, y: 720, size: 22, font });
  typed.drawText('Buses to the harbour leave the station every twenty minutes.', { x: 72, y: 680, size: 11, font });
  pdf.addPage([612, 792]).drawImage(await pdf.embedPng(scan.png), { x: 0, y: 0, width: 612, height: 792 });
  return Buffer.from(await pdf.save());
}
