import type { Permission } from '@fengqiao/domain';

/**
 * The pages of the app and who sees them. The sidebar shows an entry only
 * when the user's permissions (from /api/auth/me) include its permission;
 * the router refuses the page otherwise, and the server refuses the API.
 */
export type PageId = 'map' | 'grids' | 'people' | 'audit' | 'users';

export interface PageEntry {
  id: PageId;
  path: string;
  permission: Permission;
  section: 'work' | 'admin';
}

export const PAGES: readonly PageEntry[] = [
  { id: 'map', path: '/map', permission: 'map.view', section: 'work' },
  { id: 'grids', path: '/grids', permission: 'grids.edit', section: 'work' },
  { id: 'people', path: '/people', permission: 'personnel.read', section: 'work' },
  { id: 'audit', path: '/audit', permission: 'audit.read', section: 'admin' },
  { id: 'users', path: '/users', permission: 'users.read', section: 'admin' },
];

export function visiblePages(permissions: readonly string[]): PageEntry[] {
  return PAGES.filter((p) => permissions.includes(p.permission));
}

/** Where a user lands after sign-in: the first page they may see, else their profile. */
export function homePath(permissions: readonly string[]): string {
  return visiblePages(permissions)[0]?.path ?? '/profile';
}
