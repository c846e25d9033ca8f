import { connect } from 'node:net';

/**
 * How many Lua scripts (EVALSHA and EVAL, as `INFO commandstats` counts them) the Redis at `url`
 * has run since it started. The gateway's shared token buckets take a token with one script per
 * request, so the count rising with the requests shows they really went to Redis: the limiter
 * fails open, and a Redis it cannot reach would otherwise go unnoticed. Speaks just enough RESP
 * for one command, so the benchmark needs no Redis client; a URL with a password is not supported.
 */
export async function readRedisScriptCalls(url: string, timeoutMs = 5_000): Promise<number> {
  const { hostname, port } = new URL(url);
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer from Redis at ${url} within ${timeoutMs} ms`)));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const text = buffer.toString('latin1');
      if (text.startsWith('-')) socket.destroy(new Error(`Redis at ${url} answered ${text.trim()}`));
      // A bulk string: `$<length>\r\n<bytes>\r\n`.
      const header = /^\$(\d+)\r\n/.exec(text);
      if (header && buffer.length >= header[0].length + Number(header[1]) + 2) {
        resolve(buffer.subarray(header[0].length, header[0].length + Number(header[1])).toString('utf8'));
        socket.end();
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`Redis at ${url} closed the connection without an answer`)));
    socket.write('*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n');
  });
  let calls = 0;
  for (const match of reply.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)) calls += Number(match[1]);
  return calls;
}
