import { z } from 'zod';

/** The rule the collections table checks (kept in step with store/collection-name.ts). */
const collectionName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'collection names are lower-case letters, digits, "-" and "_" (at most 63)');

export const collectionRoleSchema = z.enum(['reader', 'editor']);

/** `GET /api/collections`: the collections the caller may read, with their role in each (`admin` for an admin). */
export const collectionAccessSchema = z.object({ name: z.string(), role: z.enum(['reader', 'editor', 'admin']) });
export const collectionAccessListSchema = z.array(collectionAccessSchema);

/** `POST /api/collections` (admins): a new, empty collection. */
export const createCollectionSchema = z.strictObject({ name: collectionName });

/** A user as the admin routes show them: never their token. */
export const listedUserSchema = z.object({
  user: z.string(),
  admin: z.boolean(),
  collections: z.record(z.string(), collectionRoleSchema),
});

/** `GET /api/users` (admins): the users, and whether they can be changed here (a users file) or only where they are set (inline `RAG_USERS`). */
export const userListSchema = z.object({ editable: z.boolean(), users: z.array(listedUserSchema) });

/** `/api/users/{user}`. */
export const userPathSchema = z.strictObject({
  user: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'user must be 1-64 letters, digits, ".", "_", "@" or "-"'),
});

/** `PUT /api/users/{user}` (admins): creates the user or replaces their roles. */
export const saveUserSchema = z.strictObject({
  admin: z.boolean().optional(),
  collections: z.record(collectionName, collectionRoleSchema).optional(),
});

/** What `PUT /api/users/{user}` answers; `token` only when the user was created, the one time it is shown. */
export const savedUserSchema = listedUserSchema.extend({ token: z.string().optional() });

export type CollectionRoleBody = z.infer<typeof collectionRoleSchema>;
export type CollectionAccess = z.infer<typeof collectionAccessSchema>;
export type ListedUser = z.infer<typeof listedUserSchema>;
export type UserList = z.infer<typeof userListSchema>;
export type SaveUserRequest = z.infer<typeof saveUserSchema>;
export type SavedUser = z.infer<typeof savedUserSchema>;
