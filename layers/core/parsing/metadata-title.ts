/** Office exports name the file they came from: "Microsoft Word - report.docx". */
const OFFICE_EXPORT_PREFIX = /^Microsoft (?:Word|PowerPoint|Excel) - /i;
const OFFICE_EXTENSION = /\.(?:docx?|pptx?|xlsx?|rtf|odt)$/i;

/** A file name ("a2o.htm", "scan_0001.pdf") or a path: what a converter had at hand, not a title. */
const FILE_NAME = /^(?:[\w~$-]+[\\/])*[\w ~$().,-]*\.[a-z][a-z0-9]{1,4}$/i;
const URL = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+$|^[a-z]:\\|^\//i;
const PLACEHOLDER = /^(?:untitled|sin t[ií]tulo|document|documento|title|t[ií]tulo|none|null)\d*$/i;

/** Words of at least three letters, lower-cased and without accents, for comparing a title with the text. */
function words(text: string): string[] {
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.match(/\p{L}{3,}/gu) ?? [];
}

/**
 * The title a file's metadata declares, when it can be trusted; otherwise undefined, and the
 * caller falls back to the first heading or the file name. Converters often fill the field with
 * junk: the source file's name ("a2o.htm" on a violin article), a URL, a placeholder, or the
 * title of some other document they were copied from. `text` is the start of the document's
 * text: a title that shares no word with it names something else.
 */
export function trustedMetadataTitle(title: string | undefined, text: string): string | undefined {
  const stripped = (title ?? '').trim().replace(OFFICE_EXPORT_PREFIX, '').replace(OFFICE_EXTENSION, '').trim();
  if (stripped === '' || PLACEHOLDER.test(stripped) || URL.test(stripped) || FILE_NAME.test(stripped)) return undefined;
  const titleWords = words(stripped);
  // A title of initials or short words ("UX", "Q3") gives nothing to compare; take it as it is.
  if (titleWords.length === 0) return stripped;
  const textWords = new Set(words(text));
  return titleWords.some((word) => textWords.has(word)) ? stripped : undefined;
}
