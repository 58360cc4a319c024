/** Where uploads go when nothing says otherwise (the server's `default` collection). */
export const DEFAULT_COLLECTION = 'default';
