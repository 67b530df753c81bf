// Placeholder: filled in by its own change.
import type { FastifyInstance } from 'fastify';

export function registerAdminRoutes(_app: FastifyInstance): void {}
