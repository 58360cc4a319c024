/** The folder, under an e-mail's own source, that its attachments' documents are named in. */
export const ATTACHMENTS_FOLDER = 'attachments';

export { ATTACHED_TO_KEY } from '../store/vector-store.js';

/**
 * The source of the document made from an e-mail's attachment: `<e-mail source>/attachments/<file name>`,
 * e.g. `api-uploads/mail.eml/attachments/report.pdf`. Stable for the same e-mail, so re-ingesting it
 * replaces the same documents. The name is the attachment's own file name, cut to its last path
 * segment and cleaned of control characters and leading dots; an unnamed attachment is
 * `attachment-<n>` (its position, from 1); a name taken earlier in the same e-mail gets " (2)", " (3)"…
 * before its extension. `taken` holds the names given so far in this e-mail, lower case.
 */
export function attachmentSource(emailSource: string, fileName: string, position: number, taken: Set<string>): string {
  const base =
    fileName
      .split(/[\\/]/)
      .at(-1)!
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/^[.\s]+/, '')
      .trim()
      .slice(0, 200) || `attachment-${position}`;
  const dot = base.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  let name = base;
  for (let copy = 2; taken.has(name.toLowerCase()); copy += 1) name = `${stem} (${copy})${extension}`;
  taken.add(name.toLowerCase());
  return `${emailSource}/${ATTACHMENTS_FOLDER}/${name}`;
}
