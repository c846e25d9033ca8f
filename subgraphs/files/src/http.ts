import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@fedbase/http';

export interface FilesRoutesOptions {
  upload: (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>;
  download: (req: IncomingMessage, res: ServerResponse, token: string, query: URLSearchParams) => Promise<void>;
}

/**
 * The files subgraph's plain HTTP routes, served on the gateway's origin (it streams `/files/*`
 * here): `PUT /files/upload/:token` and `GET|HEAD /files/download/:token`. The signed token is the
 * whole credential, so these work from a browser's `<img src>` or a plain `fetch`.
 */
export function createFilesRoutes({ upload, download }: FilesRoutesOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const url = new URL(req.url ?? '/', 'http://files');
    const match = /^\/files\/(upload|download)\/([^/]+)$/.exec(url.pathname);
    if (!match) return undefined;
    const [, operation, token] = match as unknown as [string, 'upload' | 'download', string];
    if (operation === 'upload') {
      if (req.method !== 'PUT') return refuseMethod(req, res, 'PUT the bytes to an upload URL.');
      await upload(req, res, token);
      return '/files/upload/:token';
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuseMethod(req, res, 'GET a download URL.');
    await download(req, res, token, url.searchParams);
    return '/files/download/:token';
  };
}

function refuseMethod(req: IncomingMessage, res: ServerResponse, error: string): string {
  req.resume();
  sendJson(res, 405, { error });
  return 'method not allowed';
}
