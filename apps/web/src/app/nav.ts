import type { Permission } from '@fengqiao/domain';

/**
 * The pages of the app and who sees them. The sidebar shows an entry only
 * when the user's permissions (from /api/auth/me) include its permission;
 * the router refuses the page otherwise, and the server refuses the API.
 */
export type PageId =
  | 'command'
  | 'intake'
  | 'orders'
  | 'analysis'
  | 'map'
  | 'grids'
  | 'people'
  | 'commandConfig'
  | 'audit'
  | 'users';

export type Section = 'command' | 'work' | 'admin';

export interface PageEntry {
  id: PageId;
  path: string;
  permission: Permission;
  section: Section;
  /** The page fills the content area itself (maps, the board): no padding, no page scroll. */
  fullBleed?: boolean;
}

export const PAGES: readonly PageEntry[] = [
  { id: 'command', path: '/command', permission: 'incidents.read', section: 'command', fullBleed: true },
  { id: 'intake', path: '/command/new', permission: 'incidents.create', section: 'command' },
  { id: 'orders', path: '/orders', permission: 'orders.update', section: 'command' },
  { id: 'analysis', path: '/analysis', permission: 'analysis.read', section: 'command' },
  { id: 'map', path: '/map', permission: 'map.view', section: 'work', fullBleed: true },
  { id: 'grids', path: '/grids', permission: 'grids.edit', section: 'work' },
  { id: 'people', path: '/people', permission: 'personnel.read', section: 'work' },
  { id: 'commandConfig', path: '/command/config', permission: 'incidents.configure', section: 'admin' },
  { id: 'audit', path: '/audit', permission: 'audit.read', section: 'admin' },
  { id: 'users', path: '/users', permission: 'users.read', section: 'admin' },
];

export function visiblePages(permissions: readonly string[]): PageEntry[] {
  return PAGES.filter((p) => permissions.includes(p.permission));
}

/** The page a path belongs to: the longest matching page path (`/command/new` is not `/command`). */
export function pageFor(pathname: string, pages: readonly PageEntry[] = PAGES): PageEntry | undefined {
  return pages
    .filter((p) => pathname === p.path || pathname.startsWith(`${p.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/**
 * Where a user lands after sign-in: the command room's board for those who
 * dispatch, their orders for field officers, else the first page they may
 * see, else their profile.
 */
export function homePath(permissions: readonly string[]): string {
  if (permissions.includes('incidents.dispatch') && permissions.includes('incidents.read')) return '/command';
  if (permissions.includes('orders.update')) return '/orders';
  return visiblePages(permissions)[0]?.path ?? '/profile';
}
