import {
  CategoryCode,
  CategoryConfigView,
  CategoryCreateBody,
  CategoryUpdateBody,
  DeadlinesBody,
  IntakeSettingsBody,
  PriorityRuleBody,
  PriorityRuleView,
  Uuid,
  WarningRuleBody,
  WarningRuleView,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { ConfigService } from './config.service';

const IdParam = z.object({ id: Uuid });
const CodeParam = z.object({ code: CategoryCode });

/**
 * `/api/incidents/config/*`: the command room's configuration. Reading
 * needs `incidents.read`; changing needs `incidents.configure`.
 */
export function configRoutes(cfg: ConfigService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/incidents/config/priority-rules',
      { config: { policy: 'incidents.read' }, schema: { response: { 200: z.array(PriorityRuleView) } } },
      async () => cfg.priorityRules(),
    );
    app.post(
      '/api/incidents/config/priority-rules',
      {
        config: { policy: 'incidents.configure' },
        schema: { body: PriorityRuleBody, response: { 201: PriorityRuleView } },
      },
      async (req, reply) => {
        const rule = await cfg.createPriorityRule(ctxOf(req), req.body);
        return reply.status(201).send(rule);
      },
    );
    app.put(
      '/api/incidents/config/priority-rules/:id',
      {
        config: { policy: 'incidents.configure' },
        schema: { params: IdParam, body: PriorityRuleBody, response: { 200: PriorityRuleView } },
      },
      async (req) => cfg.updatePriorityRule(ctxOf(req), req.params.id, req.body),
    );

    app.get(
      '/api/incidents/config/warning-rules',
      { config: { policy: 'incidents.read' }, schema: { response: { 200: z.array(WarningRuleView) } } },
      async (req) => cfg.warningRules(ctxOf(req)),
    );
    app.post(
      '/api/incidents/config/warning-rules',
      {
        config: { policy: 'incidents.configure' },
        schema: { body: WarningRuleBody, response: { 201: WarningRuleView } },
      },
      async (req, reply) => {
        const rule = await cfg.createWarningRule(ctxOf(req), req.body);
        return reply.status(201).send(rule);
      },
    );
    app.put(
      '/api/incidents/config/warning-rules/:id',
      {
        config: { policy: 'incidents.configure' },
        schema: { params: IdParam, body: WarningRuleBody, response: { 200: WarningRuleView } },
      },
      async (req) => cfg.updateWarningRule(ctxOf(req), req.params.id, req.body),
    );

    app.get(
      '/api/incidents/config/categories',
      { config: { policy: 'incidents.read' }, schema: { response: { 200: z.array(CategoryConfigView) } } },
      async () => cfg.categories(),
    );
    app.post(
      '/api/incidents/config/categories',
      {
        config: { policy: 'incidents.configure' },
        schema: { body: CategoryCreateBody, response: { 201: CategoryConfigView } },
      },
      async (req, reply) => {
        const category = await cfg.createCategory(ctxOf(req), req.body);
        return reply.status(201).send(category);
      },
    );
    app.put(
      '/api/incidents/config/categories/:code',
      {
        config: { policy: 'incidents.configure' },
        schema: { params: CodeParam, body: CategoryUpdateBody, response: { 200: CategoryConfigView } },
      },
      async (req) => cfg.updateCategory(ctxOf(req), req.params.code, req.body),
    );

    app.get(
      '/api/incidents/config/deadlines',
      { config: { policy: 'incidents.read' }, schema: { response: { 200: DeadlinesBody } } },
      async () => cfg.deadlines(),
    );
    app.put(
      '/api/incidents/config/deadlines',
      { config: { policy: 'incidents.configure' }, schema: { body: DeadlinesBody, response: { 200: DeadlinesBody } } },
      async (req) => cfg.setDeadlines(ctxOf(req), req.body),
    );

    app.get(
      '/api/incidents/config/intake',
      { config: { policy: 'incidents.read' }, schema: { response: { 200: IntakeSettingsBody } } },
      async () => cfg.intake(),
    );
    app.put(
      '/api/incidents/config/intake',
      {
        config: { policy: 'incidents.configure' },
        schema: { body: IntakeSettingsBody, response: { 200: IntakeSettingsBody } },
      },
      async (req) => cfg.setIntake(ctxOf(req), req.body),
    );
  };
}
