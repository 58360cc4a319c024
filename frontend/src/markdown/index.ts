export { SafeMarkdown, decodeEntities, safeHref, withCitations, type RenderCitation, type SafeMarkdownProps } from './safe-markdown.js';
