import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { authRoutes } from './auth.routes.js';

/** Sign-in, sessions, password change and two-factor enrolment (docs/security.md). */
export function register(app: FastifyInstance, deps: Deps) {
  authRoutes(app, deps);
}
