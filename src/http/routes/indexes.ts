// Placeholder: filled in by its own change.
import type { FastifyInstance } from 'fastify';

export function registerIndexRoutes(_app: FastifyInstance): void {}
