// The HTTP baseline: node:http answering fixed bytes per path, nothing else. What Cairn's
// HTTP layer is compared to. Routes come as JSON of {path: {status, headers, body}} in
// BARE_ROUTES, or in the file BARE_ROUTES_FILE (bodies too big for the environment); a
// path may map to a list of responses, answered in turn (a cursor's batches).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const source = process.env.BARE_ROUTES_FILE ? readFileSync(process.env.BARE_ROUTES_FILE, 'utf8') : (process.env.BARE_ROUTES ?? '{}');
const routes = {};
for (const [path, r] of Object.entries(JSON.parse(source))) {
  const list = (Array.isArray(r) ? r : [r]).map((x) => ({ ...x, body: Buffer.from(x.body) }));
  routes[path] = { list, next: 0 };
}
const server = createServer((req, res) => {
  const r = routes[req.url];
  if (!r) {
    res.writeHead(404);
    res.end();
    return;
  }
  const x = r.list[r.next];
  r.next = (r.next + 1) % r.list.length;
  res.writeHead(x.status, { ...x.headers, 'content-length': x.body.length });
  res.end(x.body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
