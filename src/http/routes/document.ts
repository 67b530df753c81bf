// Placeholder: filled in by its own change.
import type { FastifyInstance } from 'fastify';

export function registerDocumentRoutes(_app: FastifyInstance): void {}
