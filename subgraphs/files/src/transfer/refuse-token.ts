import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@fedbase/http';
import type { GrantCheck } from '../urls/file-url-signer.ts';

const messages: Record<Extract<GrantCheck, { ok: false }>['reason'], string> = {
  malformed: 'This is not a file URL of this service.',
  forged: 'This file URL was altered or signed by someone else.',
  expired: 'This file URL has expired: ask for a new one.',
  'wrong-operation': 'This file URL is for another operation (an upload URL cannot download, and the reverse).',
};

/** 403 for any token that does not grant the request, saying which way it failed. */
export function refuseToken(req: IncomingMessage, res: ServerResponse, reason: keyof typeof messages): void {
  req.resume();
  sendJson(res, 403, { error: messages[reason] });
}
