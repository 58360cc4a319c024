const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment `days` days before `now`: where the insights window, the feedback export and the retention start. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** One UTC day, for stepping through a window day by day. */
export const ONE_DAY_MS = DAY_MS;

/** SQL for the user message a reply (table alias `alias`) answered: the last one before it in its conversation. */
export function questionOfReply(alias: string): string {
  return `(SELECT u.content FROM conversation_messages u WHERE u.conversation_id = ${alias}.conversation_id AND u.role = 'user' AND u.id < ${alias}.id ORDER BY u.id DESC LIMIT 1)`;
}
