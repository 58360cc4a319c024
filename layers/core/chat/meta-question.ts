import type { Language } from './detect-language.js';
import { normaliseForRules } from './off-topic.js';

/** What a question about the assistant itself asks. */
export type MetaTopic = 'capabilities' | 'formats' | 'upload' | 'languages';

interface MetaRule {
  topic: MetaTopic;
  /** Matched against normaliseForRules(message): accent-folded, lower-case, no punctuation. */
  pattern: RegExp;
}

// Ways to name the product itself: "this system", "el asistente".
const SYSTEM = '(?:system|app|application|assistant|chatbot|chat bot|bot|tool|service|site|website|web site|chat|program|platform)';
const SISTEMA = '(?:sistema|aplicacion|app|asistente|chat|chatbot|bot|herramienta|servicio|sitio|sitio web|web|programa|plataforma)';
const FILE_KINDS = '(?:pdfs?|word|docx?|html|markdown|md|txt|text files?|plain text|excel|xlsx|csv|images?|powerpoint|pptx)';
const ARCHIVOS = '(?:pdfs?|word|docx?|html|markdown|txt|texto plano|excel|xlsx|csv|imagenes|powerpoint|pptx)';

/**
 * Questions about the assistant rather than about the documents. Deliberately anchored on the
 * product ("this system", "do you", "can I upload"): "what formats did Shakespeare write in?" is a
 * question for the documents and is left alone.
 */
export const META_QUESTION_RULES: readonly MetaRule[] = [
  { topic: 'capabilities', pattern: new RegExp(`\\bwhat (?:can|could|does|do|will) (?:this|the|your) ${SYSTEM} do\\b`) },
  { topic: 'capabilities', pattern: new RegExp(`\\bwhat (?:is|s) (?:this|the) ${SYSTEM}(?: for| about| good for)?$`) },
  { topic: 'capabilities', pattern: new RegExp(`\\bhow does (?:this|the) ${SYSTEM} work\\b`) },
  { topic: 'capabilities', pattern: /\bhow does this work\b/ },
  {
    topic: 'capabilities',
    pattern: new RegExp(`\\bque (?:puede hacer|puedes hacer|hace|sabe hacer|permite hacer|ofrece) (?:este|esta|el|la|tu) ${SISTEMA}\\b`),
  },
  { topic: 'capabilities', pattern: new RegExp(`\\bpara que sirve (?:esto|(?:este|esta|el|la) ${SISTEMA})\\b`) },
  { topic: 'capabilities', pattern: new RegExp(`\\bcomo funciona (?:esto|(?:este|esta|el|la) ${SISTEMA})\\b`) },
  { topic: 'capabilities', pattern: new RegExp(`\\bque es (?:esto|(?:este|esta) ${SISTEMA})$`) },

  {
    topic: 'formats',
    pattern: new RegExp(
      `\\b(?:what|which)(?: kinds? of| types? of| sorts? of)?(?: file| document)? (?:formats?|file types?|files|documents|docs|extensions)\\b.*\\b(?:do|does|can|will) (?:you|it|i|we|this ${SYSTEM}|the ${SYSTEM})(?: \\w+)? (?:support|accept|upload|read|handle|index|ingest|take|open|process|use|understand)\\b`,
    ),
  },
  { topic: 'formats', pattern: /\bsupported (?:file )?(?:formats?|file types?|files|documents|extensions)\b/ },
  { topic: 'formats', pattern: /\b(?:formats?|file types?|extensions) (?:are |is )?(?:supported|accepted|allowed)\b/ },
  { topic: 'formats', pattern: new RegExp(`\\b(?:can|could) (?:i|we|you) (?:upload|index|ingest|read|use|add|open) (?:a |an |my )?${FILE_KINDS}\\b`) },
  {
    topic: 'formats',
    pattern: new RegExp(`\\b(?:do|does) (?:you|it|this ${SYSTEM}|the ${SYSTEM}) (?:support|accept|read|handle|take|open) (?:a |an )?${FILE_KINDS}\\b`),
  },
  {
    topic: 'formats',
    pattern:
      /\b(?:que|cuales)(?: tipos? de| clases? de)? (?:formatos?|archivos?|ficheros?|documentos?|extensiones)(?: de (?:archivos?|ficheros?|documentos?))? (?:admite|admites|admiten|acepta|aceptas|aceptan|soporta|soportas|soportan|lee|lees|procesa|procesas|puedo subir|puedo cargar|se pueden subir|se pueden cargar|puedo usar|entiende|entiendes|abre|abres)\b/,
  },
  { topic: 'formats', pattern: /\bformatos? (?:de archivos? )?(?:admitidos|aceptados|soportados|compatibles|permitidos)\b/ },
  {
    topic: 'formats',
    pattern: new RegExp(
      `\\b(?:puedo|se puede|se pueden|puedes) (?:subir|cargar|leer|usar|indexar|abrir) (?:un |una |mis |archivos |ficheros |documentos )?${ARCHIVOS}\\b`,
    ),
  },
  {
    topic: 'formats',
    pattern: new RegExp(`\\b(?:admite|admites|acepta|aceptas|soporta|soportas|lee|lees) (?:archivos |ficheros |documentos )?${ARCHIVOS}\\b`),
  },

  { topic: 'upload', pattern: /\bhow (?:do|can|should|could|would) (?:i|we) (?:upload|ingest|index)\b/ },
  {
    topic: 'upload',
    pattern:
      /\bhow (?:do|can|should|could|would) (?:i|we) (?:add|import|load|send|submit|put|drop) (?:my |a |an |the |new |more |some )?(?:documents?|files?|docs|pdfs?)\b/,
  },
  { topic: 'upload', pattern: /\bhow to (?:upload|ingest|add documents|add files|import documents)\b/ },
  { topic: 'upload', pattern: /\bwhere (?:do|can|should) (?:i|we) (?:upload|put|drop) (?:my |the )?(?:documents?|files?)\b/ },
  { topic: 'upload', pattern: /\bwhere (?:do|can|should) (?:i|we) upload\b/ },
  { topic: 'upload', pattern: /\bcomo (?:puedo |se |hago para |debo )?(?:subo|subir|sube|suben|cargo|cargar|carga|cargan|indexo|indexar|ingesto|ingestar)\b/ },
  {
    topic: 'upload',
    pattern:
      /\bcomo (?:puedo |se |hago para |debo )?(?:anado|anadir|anade|agrego|agregar|agrega|importo|importar|meto|meter|envio|enviar) (?:mis |un |una |los |las |nuevos |nuevas |mas )?(?:documentos?|archivos?|ficheros?|pdfs?)\b/,
  },
  { topic: 'upload', pattern: /\bdonde (?:subo|puedo subir|se suben|cargo|puedo cargar) (?:mis |los )?(?:documentos?|archivos?|ficheros?)?/ },

  { topic: 'languages', pattern: new RegExp(`\\b(?:what|which) languages? (?:do|does|can|will) (?:you|it|i|we|this ${SYSTEM}|the ${SYSTEM})\\b`) },
  { topic: 'languages', pattern: /\b(?:do|can) you (?:speak|understand|answer in|support) (?:spanish|english)\b/ },
  {
    topic: 'languages',
    pattern: /\b(?:en )?(?:que|cuales) idiomas? (?:hablas|habla|entiendes|entiende|admite|admites|soporta|soportas|puedo|respondes|responde)\b/,
  },
  { topic: 'languages', pattern: /\b(?:hablas|entiendes|respondes en) (?:espanol|ingles|castellano)\b/ },
];

// Phrasing the assistant's own guide uses for each topic, so retrieval meets the guide's sentences.
const GUIDE_VOCABULARY: Record<MetaTopic, Record<'es' | 'en', string>> = {
  capabilities: {
    en: 'what the document assistant does: answers questions from your documents',
    es: 'qué hace el asistente de documentos: responde preguntas a partir de tus documentos',
  },
  formats: {
    en: 'upload PDF Word files formats',
    es: 'subir archivos PDF Word formatos',
  },
  upload: {
    en: 'upload documents files',
    es: 'subir documentos archivos',
  },
  languages: {
    en: 'ask questions in Spanish or English',
    es: 'preguntas en español o en inglés',
  },
};

// What the assistant says about itself when the documents hold no guide that answers.
const FALLBACK: Record<MetaTopic, Record<'es' | 'en', string>> = {
  capabilities: {
    en: 'I am the document assistant: I answer questions from the documents you add and cite the passages each answer comes from. Ask me something specific about their content.',
    es: 'Soy el asistente de documentos: respondo preguntas a partir de los documentos que añades y cito los fragmentos de los que sale cada respuesta. Pregúntame algo concreto sobre su contenido.',
  },
  formats: {
    en: 'I read PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp), CSV, RTF, JSON, EPUB, e-mail (.eml), HTML, Markdown and plain-text documents, and answer questions from them with citations. Scanned pages and images are not read.',
    es: 'Leo documentos PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp), CSV, RTF, JSON, EPUB, correo (.eml), HTML, Markdown y texto plano, y respondo preguntas sobre ellos con citas. No leo páginas escaneadas ni imágenes.',
  },
  upload: {
    en: 'Add documents from the Documents panel of the web site, with `rag ingest <folder>` on the command line, or through your SFTP folder; then ask me about them.',
    es: 'Añade documentos desde el panel de documentos del sitio web, con `rag ingest <carpeta>` en la línea de comandos o por tu carpeta SFTP; después pregúntame sobre ellos.',
  },
  languages: {
    en: 'You can ask in Spanish or English; I answer in the language of your question, from your documents.',
    es: 'Puedes preguntar en español o en inglés; respondo en el idioma de tu pregunta, a partir de tus documentos.',
  },
};

/** The topic of a question about the assistant itself, if the message is one. */
export function detectMetaQuestion(message: string): MetaTopic | undefined {
  const normalised = normaliseForRules(message);
  return META_QUESTION_RULES.find((rule) => rule.pattern.test(normalised))?.topic;
}

/**
 * The retrieval query for a question about the assistant: the question plus the words the
 * assistant's guide uses for that topic, in the question's language.
 */
export function metaQuery(question: string, topic: MetaTopic, language: Language): string {
  const vocabulary = GUIDE_VOCABULARY[topic][language === 'es' ? 'es' : 'en'];
  return `${question.trim()} ${vocabulary}`;
}

/** The assistant's own description for a topic, used when no document answers the question. */
export function metaFallbackReply(topic: MetaTopic, language: Language): string {
  return FALLBACK[topic][language === 'es' ? 'es' : 'en'];
}
