// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed): an endpoint that refuses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function deadPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
