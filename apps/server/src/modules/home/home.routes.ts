import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { homeTodos } from '@shangmi/shared/home';
import * as svc from './home.service.js';

export function homeRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/home/todos',
    {
      schema: {
        operationId: 'home.todos',
        tags: ['home'],
        summary: '首页待办 What waits for me: one count per kind of work I can act on, each from its own module within my scope',
        response: { 200: homeTodos },
      },
      // every signed-in user; each item is gated by the permission that acts on it
      config: { access: 'self' },
    },
    (req) => svc.todos(req.ctx()),
  );
}
