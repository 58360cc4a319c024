export { UsersPage, type UsersPageProps } from './users-page.js';
export { useUsersAdmin, type UsersAdmin } from './use-users-admin.js';
