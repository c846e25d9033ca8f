import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AdminSecret {
  readonly secret: string;
  /** True when this start created it (and should show it once). */
  readonly generated: boolean;
  /** Where it is kept, when it is kept in DATA_DIR. */
  readonly path: string | null;
}

/**
 * ADMIN_SECRET when set; otherwise the one generated on the first start and kept in
 * DATA_DIR/admin-secret (mode 0600), so the operator's secret survives restarts and the signing
 * keys sealed with it stay readable.
 */
export async function loadOrCreateAdminSecret(dataDir: string, given: string | undefined): Promise<AdminSecret> {
  if (given) return { secret: given, generated: false, path: null };
  const path = join(dataDir, 'admin-secret');
  try {
    return { secret: (await readFile(path, 'utf8')).trim(), generated: false, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = `fbadm_${randomBytes(32).toString('base64url')}`;
  // `wx`: if two launchers race on a fresh directory, one writes and the other fails loudly.
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, generated: true, path };
}
