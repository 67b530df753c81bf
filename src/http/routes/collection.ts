// Placeholder: filled in by its own change.
import type { FastifyInstance } from 'fastify';

export function registerCollectionRoutes(_app: FastifyInstance): void {}
