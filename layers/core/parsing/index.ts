export type { DocumentFormat, ParseInput, ParsedDocument, ParsedSection } from './parsed-document.js';
export { DEFAULT_MAX_DOCUMENT_BYTES, parseDocument, type ParseOptions } from './parse-document.js';
export { SUPPORTED_EXTENSIONS, detectFormat } from './format-detection.js';
export { DOCX_EXPANSION_FLOOR_BYTES, DOCX_MAX_EXPANDED_BYTES, DOCX_MAX_EXPANSION_RATIO, docxExpansionLimit } from './docx-parser.js';
export { decodeText, type DecodedText, type TextEncodingName } from './text-decoding.js';
export { PDF_MAX_PAGES } from './pdf-parser.js';
