import { request } from 'node:http';

/**
 * PUTs chunks as a stream (chunked, no length) and resolves with the status as soon as the server
 * answers, even when it answers early and closes while the body is still going out: the way a
 * server refuses an oversized upload, which fetch reports as a network error instead.
 */
export function putStream(url: string, contentType: string, chunks: Iterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': contentType } });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', (error) => setTimeout(() => reject(error), 1000)); // an answer may still be on its way
    const iterator = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        const next = iterator.next();
        if (next.done) return void req.end();
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}
