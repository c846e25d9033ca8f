import { createHash } from 'node:crypto';
import { request, type Agent } from 'node:http';
import type { TestFile } from './create-test-file.ts';

/**
 * GETs a download URL, hashing the body as it arrives and keeping none of it, and checks it is
 * `file`'s bytes: 200, every byte, the same SHA-256.
 */
export function getFile(url: string, file: TestFile, { agent, timeoutMs }: { agent: Agent; timeoutMs: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent, signal: AbortSignal.timeout(timeoutMs) });
    req.once('error', reject);
    req.once('response', (response) => {
      const hash = createHash('sha256');
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      response.once('error', reject);
      response.once('end', () => {
        const sha256 = hash.digest('hex');
        if (response.statusCode !== 200 || bytes !== file.size || sha256 !== file.sha256) {
          reject(new Error(`GET answered ${response.statusCode} with ${bytes} bytes (expected ${file.size}), SHA-256 ${sha256 === file.sha256 ? 'right' : 'wrong'}`));
        } else resolve();
      });
    });
    req.end();
  });
}
