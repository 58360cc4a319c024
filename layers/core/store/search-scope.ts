import type { SqlExecutor } from './database.js';

/**
 * Which documents a search may draw from. `collections` is the caller's readable collections,
 * already narrowed by the request; the other fields narrow further. A scope can only ever
 * narrow: an empty `collections` list matches nothing.
 */
export interface SearchScope {
  /** Readable collections; undefined means every collection (a trusted caller: an admin, evaluation, the CLI on its own data). */
  collections?: readonly string[];
  /** Only documents whose source starts with this. */
  sourcePrefix?: string;
  /** Only these formats (`pdf`, `docx`, `markdown`, …). */
  formats?: readonly string[];
  /** Only these languages (ISO 639-1 codes as detected at ingestion). */
  languages?: readonly string[];
  /** Only documents indexed (last updated) at or after this instant (ISO 8601). */
  updatedFrom?: string;
  /** Only documents indexed (last updated) before this instant (ISO 8601). */
  updatedTo?: string;
}

/** The role and setting row-level security keys on (migration 005). */
export const READER_ROLE = 'rag_reader';
export const COLLECTIONS_SETTING = 'rag.collections';

/**
 * A SQL condition on a documents row aliased `alias`, with its parameters numbered from
 * `firstParam`. Every field is always bound (NULL when absent) so the statement text stays the
 * same and plans can be reused.
 */
export function scopeCondition(alias: string, firstParam: number, scope: SearchScope | undefined): { sql: string; params: unknown[] } {
  const p = (offset: number) => `$${firstParam + offset}`;
  const sql = [
    `(${p(0)}::text[] IS NULL OR ${alias}.collection = ANY(${p(0)}::text[]))`,
    `(${p(1)}::text IS NULL OR starts_with(${alias}.source, ${p(1)}::text))`,
    `(${p(2)}::text[] IS NULL OR ${alias}.format = ANY(${p(2)}::text[]))`,
    `(${p(3)}::text[] IS NULL OR ${alias}.language = ANY(${p(3)}::text[]))`,
    `(${p(4)}::timestamptz IS NULL OR ${alias}.updated_at >= ${p(4)}::timestamptz)`,
    `(${p(5)}::timestamptz IS NULL OR ${alias}.updated_at < ${p(5)}::timestamptz)`,
  ].join(' AND ');
  const list = (values: readonly string[] | undefined) => (values ? [...values] : null);
  return {
    sql,
    params: [
      list(scope?.collections),
      scope?.sourcePrefix || null,
      list(scope?.formats),
      list(scope?.languages),
      scope?.updatedFrom ?? null,
      scope?.updatedTo ?? null,
    ],
  };
}

/**
 * Inside a transaction, reads from here on as the row-level-security reader limited to these
 * collections. Both settings end with the transaction.
 */
export async function restrictToCollections(tx: SqlExecutor, collections: readonly string[]): Promise<void> {
  await tx.query(`SELECT set_config('${COLLECTIONS_SETTING}', $1, true)`, [collections.filter((name) => !name.includes(',')).join(',')]);
  await tx.query(`SET LOCAL ROLE ${READER_ROLE}`);
}
