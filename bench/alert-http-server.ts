// The HTTP side of the alerting benchmarks, in its own process so that it takes no event-loop
// time from the node being measured: a JSON metric that answers after a fixed delay, and a
// webhook receiver that stamps each arrival. Run: node --import tsx bench/alert-http-server.ts
// <delayMs>; prints {"port":N} once listening.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const delayMs = Number(process.argv[2] ?? 0);
let value = 1;
const arrivals: { key: string; atMs: number }[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/value') {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }));
    }, delayMs);
    return;
  }
  if (req.method === 'POST' && req.url === '/hook') {
    // Stamped when the headers arrive, before the body is read: the moment the sender reached us.
    const atMs = Date.now();
    const key = String(req.headers['x-dipper-idempotency-key'] ?? '');
    void readBody(req).then(() => {
      arrivals.push({ key, atMs });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    return;
  }
  if (req.method === 'POST' && req.url === '/control/value') {
    void readBody(req).then((text) => {
      value = (JSON.parse(text) as { value: number }).value;
      res.writeHead(204).end();
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/control/arrivals') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(arrivals));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
