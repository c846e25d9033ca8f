import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../src/index.ts';

const servers: Server[] = [];
const proxies: TcpProxy[] = [];

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers every connection with its name and echoes nothing else. */
async function startNamedServer(name: string): Promise<number> {
  const server = createServer((socket) => socket.end(name));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function readAll(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.once('end', () => resolve(text));
    socket.once('error', reject);
  });
}

async function freePortNobodyListensOn(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('spreads connections over its targets in turn', async () => {
  const proxy = await startTcpProxy({ targets: [{ host: '127.0.0.1', port: await startNamedServer('a') }, { host: '127.0.0.1', port: await startNamedServer('b') }] });
  proxies.push(proxy);
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await readAll(proxy.port));
  expect(answers.sort()).toEqual(['a', 'a', 'b', 'b']);
  expect(proxy.connections).toEqual([2, 2]);
});

it('skips a target that refuses connections for the next one', async () => {
  const proxy = await startTcpProxy({ targets: [{ host: '127.0.0.1', port: await freePortNobodyListensOn() }, { host: '127.0.0.1', port: await startNamedServer('up') }] });
  proxies.push(proxy);
  for (let i = 0; i < 3; i++) expect(await readAll(proxy.port)).toBe('up');
});

it('resets open connections and refuses new ones while cut, and accepts again on the same port once restored', async () => {
  const held: Socket[] = [];
  const server = createServer((socket) => held.push(socket));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const proxy = await startTcpProxy({ targets: [{ host: '127.0.0.1', port: (server.address() as AddressInfo).port }] });
  proxies.push(proxy);

  const client = connect(proxy.port, '127.0.0.1');
  await once(client, 'connect');
  const closed = once(client, 'close');
  await proxy.cut();
  await closed;

  const refused = connect(proxy.port, '127.0.0.1');
  const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
  expect(error.code).toBe('ECONNREFUSED');

  await proxy.restore();
  const again = connect(proxy.port, '127.0.0.1');
  await once(again, 'connect');
  again.destroy();
  for (const socket of held) socket.destroy();
});
