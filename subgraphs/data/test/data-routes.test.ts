import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Errors } from '@fedbase/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataRoutes, type DataService } from '../src/index.ts';
import { caller } from './data-engines.ts';

// The export route in front of a service whose export, like the real one, looks the collection up
// only when the first line is asked for.
describe('the NDJSON routes', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    const service = {
      exchange: {
        async *exportCollection(_projectId: string, name: string) {
          if (name !== 'posts') throw Errors.notFound(`The collection "${name}"`);
          yield '{"id":"1"}';
        },
      },
    } as unknown as DataService;
    const routes = createDataRoutes(service);
    server = createServer((req, res) => {
      void routes(req, res, async () => caller('project-1', { secret: true })).catch(() => res.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers the export of an unknown collection with 404 NOT_FOUND instead of a 200 cut short', async () => {
    const response = await fetch(`${baseUrl}/collections/nope/export`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('still streams an existing collection line by line', async () => {
    const response = await fetch(`${baseUrl}/collections/posts/export`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"id":"1"}\n');
  });
});
