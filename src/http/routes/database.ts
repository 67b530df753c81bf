// Placeholder: filled in by its own change.
import type { FastifyInstance } from 'fastify';

export function registerDatabaseRoutes(_app: FastifyInstance): void {}
