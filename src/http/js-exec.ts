// How JavaScript run by Cairn (transactions' actions, server tasks) reaches the database:
// each operation is a request to Cairn's own HTTP API, replayed through the app as `user`
// (a one-time replay grant, as the job runner's replays; never credentials), inside a
// stream transaction when one is named. Answers `<status>\n<body>` to the worker.
import type { FastifyInstance } from 'fastify';
import type { Exec } from '../transactions/js-transactions.js';
import { JSON_TYPE, type Services } from './router.js';
import { REPLAY_HEADER } from './replay.js';
import { TRX_HEADER } from './trx.js';
import { dispatchLocal } from './local-request.js';

export function makeExec(app: FastifyInstance, services: Services, user: string, signal: AbortSignal): Exec {
  return async (op, trxId) => {
    const token = services.replays.issue({ user, signal });
    try {
      const headers: Record<string, string> = { [REPLAY_HEADER]: token };
      if (trxId !== undefined) headers[TRX_HEADER] = trxId;
      if (op.body !== undefined) headers['content-type'] = JSON_TYPE;
      if (op.rev !== undefined) headers['if-match'] = `"${op.rev}"`;
      const res = await dispatchLocal(app, { method: op.method, url: op.path, headers, body: op.body === undefined ? undefined : Buffer.from(op.body) });
      return `${res.status}\n${res.body.toString('utf8')}`;
    } finally {
      services.replays.revoke(token);
    }
  };
}
