/**
 * The numbers and patterns of the HTTP contract. No imports, so the web site can take them as
 * values without pulling zod (or anything of Node) into its bundle.
 */

/** Longest chat message, in characters: the API Gateway model, the local route and the site's composer. */
export const MAX_MESSAGE_CHARS = 4000;

/** Earlier messages a caller may resend (OpenAI-compatible clients). */
export const MAX_HISTORY_MESSAGES = 100;

/** Files in one upload request. */
export const MAX_FILES_PER_UPLOAD = 20;

/** Jobs listed when the request does not say, and at most. */
export const DEFAULT_JOBS_LISTED = 50;
export const MAX_JOBS_LISTED = 200;

/** Longest document id or source accepted in a path (a source may stand in for the id). */
export const MAX_PATH_ID_CHARS = 1100;

/**
 * A UUID of any version, either case. Written without regex flags, because JSON Schema
 * patterns (and API Gateway's validator) have none.
 */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
