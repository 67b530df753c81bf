// The HTTP baseline: node:http answering fixed bytes per path (BARE_ROUTES: JSON of
// {path: {status, headers, body}}), nothing else. What Cairn's HTTP layer is compared to.
import { createServer } from 'node:http';

const routes = JSON.parse(process.env.BARE_ROUTES ?? '{}');
const server = createServer((req, res) => {
  const r = routes[req.url];
  if (!r) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(r.status, r.headers);
  res.end(r.body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
