import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasAdminSecret, sendJson } from '@fedbase/http';
import type { FilesUsage } from './files/read-usage.ts';

export interface FilesRoutesOptions {
  upload: (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>;
  download: (req: IncomingMessage, res: ServerResponse, token: string, query: URLSearchParams) => Promise<void>;
  usage: (projectId: string, period: string) => Promise<FilesUsage>;
  adminSecret: string | undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The files subgraph's plain HTTP routes, served on the gateway's origin (it streams `/files/*`
 * here): `PUT /files/upload/:token` and `GET|HEAD /files/download/:token`. The signed token is the
 * whole credential, so these work from a browser's `<img src>` or a plain `fetch`. And, for
 * billing only (`x-admin-secret`; the gateway never serves `/internal/*`):
 * `GET /internal/usage?projectId=&period=YYYY-MM` -> `{ storageBytes, egressBytes }`.
 */
export function createFilesRoutes({ upload, download, usage, adminSecret }: FilesRoutesOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const url = new URL(req.url ?? '/', 'http://files');
    if (url.pathname === '/internal/usage' && req.method === 'GET') {
      if (!hasAdminSecret(req, adminSecret)) {
        sendJson(res, 401, { error: 'x-admin-secret is missing or wrong.' });
        return url.pathname;
      }
      const projectId = url.searchParams.get('projectId') ?? '';
      const period = url.searchParams.get('period') ?? '';
      if (!uuidPattern.test(projectId) || !periodPattern.test(period)) {
        sendJson(res, 400, { error: 'Pass projectId (a project id) and period (YYYY-MM).' });
        return url.pathname;
      }
      sendJson(res, 200, { projectId, period, ...(await usage(projectId, period)) });
      return url.pathname;
    }
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
