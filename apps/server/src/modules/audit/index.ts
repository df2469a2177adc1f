import type { Platform } from '../../platform/platform';
import { auditLogRoutes } from './audit-log.routes';
import { AuditLogService } from './audit-log.service';

/** The auditor's search and verification of the audit trail. */
export function createAuditLogModule(platform: Platform) {
  const service = new AuditLogService(platform);
  return { api: service, routes: auditLogRoutes(service) };
}
