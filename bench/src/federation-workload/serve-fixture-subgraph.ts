import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer } from '@apollo/server';

interface Answer {
  readonly status: number;
  readonly headers: readonly [string, string][];
  readonly body: string;
}

/** How many distinct requests a subgraph remembers answers for (the nested query needs about ten). */
const maxRemembered = 10_000;

/**
 * Serves an Apollo subgraph over plain node:http, answering each distinct request (body, and
 * whether an inline trace was asked for) once with Apollo Server and then from memory. The data
 * is fixed, so the answer is the same; what a gateway benchmark measures is then the gateway, not
 * the subgraphs that share the machine's cores with it (the public benchmark's subgraphs are
 * compiled servers for the same reason). Answers with errors are never remembered.
 */
export async function serveFixtureSubgraph(apollo: ApolloServer): Promise<{ url: string; server: Server }> {
  const answers = new Map<string, Answer>();
  const answer = async (method: string, headers: HeaderMap, text: string, search: string): Promise<Answer> => {
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body: text === '' ? undefined : JSON.parse(text) },
      context: async () => ({}),
    });
    const body = response.body.kind === 'complete' ? response.body.string : '';
    return { status: response.status ?? 200, headers: [...response.headers], body };
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const key = `${req.headers['apollo-federation-include-trace'] ?? ''}\n${text}`;
      const remembered = answers.get(key);
      const answering = remembered
        ? Promise.resolve(remembered)
        : answer(req.method ?? 'POST', toHeaderMap(req.headers), text, new URL(req.url ?? '/', 'http://x').search.slice(1)).then((fresh) => {
            if (fresh.status === 200 && !fresh.body.includes('"errors"') && answers.size < maxRemembered) answers.set(key, fresh);
            return fresh;
          });
      answering.then(
        ({ status, headers, body }) => {
          res.writeHead(status, Object.fromEntries(headers));
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

function toHeaderMap(headers: NodeJS.Dict<string | string[]>): HeaderMap {
  const map = new HeaderMap();
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  return map;
}
