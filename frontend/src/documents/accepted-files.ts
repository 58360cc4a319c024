/**
 * The file types the service ingests, by extension: the file picker filters on this list and
 * drag-and-drop checks against it, so that both ways in accept the same files.
 */
export const ACCEPTED_EXTENSIONS = [
  '.pdf',
  '.docx',
  '.html',
  '.htm',
  '.md',
  '.markdown',
  '.txt',
  '.xlsx',
  '.xlsm',
  '.csv',
  '.tsv',
  '.ods',
  '.pptx',
  '.odp',
  '.odt',
  '.rtf',
  '.json',
  '.epub',
  '.eml',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
] as const;

const ACCEPTED_MIME_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/html',
  'text/markdown',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'text/tab-separated-values',
  'message/rfc822',
  'application/epub+zip',
  'application/json',
  'text/rtf',
  'application/rtf',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.spreadsheet',
  'image/png',
  'image/jpeg',
  'image/tiff',
];

/** The `accept` attribute of the file picker. */
export const ACCEPTED_FILES = [...ACCEPTED_EXTENSIONS, ...ACCEPTED_MIME_TYPES].join(',');

/**
 * Whether a file has one of the accepted extensions. The extension decides, not the MIME type:
 * browsers report "" or a guess for many files, and the service picks the parser by extension.
 */
export function isAcceptedFile(file: { name: string }): boolean {
  const name = file.name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((extension) => name.endsWith(extension));
}

/** Splits a selection into the files to upload and those of a type the service does not take. */
export function partitionAcceptedFiles<T extends { name: string }>(files: readonly T[]): { accepted: T[]; refused: T[] } {
  const accepted: T[] = [];
  const refused: T[] = [];
  for (const file of files) (isAcceptedFile(file) ? accepted : refused).push(file);
  return { accepted, refused };
}
