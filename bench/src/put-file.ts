import { createReadStream } from 'node:fs';
import { request, type Agent } from 'node:http';
import type { TestFile } from './create-test-file.ts';

/**
 * PUTs `file` to an upload URL as a stream with its length declared, as a client uploading from
 * disk would, and checks the answer: 201 with the size and SHA-256 of what was sent.
 */
export function putFile(url: string, file: TestFile, contentType: string, { agent, timeoutMs }: { agent: Agent; timeoutMs: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      agent,
      headers: { 'content-type': contentType, 'content-length': String(file.size) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.once('error', reject);
    req.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.once('error', reject);
      response.once('end', () => {
        const answer = (() => {
          try {
            return JSON.parse(text) as { size?: number; sha256?: string };
          } catch {
            return {};
          }
        })();
        if (response.statusCode !== 201 || answer.size !== file.size || answer.sha256 !== file.sha256) {
          reject(new Error(`PUT ${file.size} bytes answered ${response.statusCode}: ${text.slice(0, 300)}`));
        } else resolve();
      });
    });
    const source = createReadStream(file.path);
    source.once('error', (error) => req.destroy(error));
    source.pipe(req);
  });
}
