import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Maps the part of a URL path after a bundle's prefix (`/explorer/`, `/dashboard/`) to a file
 * inside `assetsDir`, or undefined when it is malformed or would escape the directory (`..`,
 * encoded `%2e%2e`, absolute paths, NUL).
 * The raw request path is used on purpose: HTTP clients need not normalise dot segments.
 */
export function resolveAssetPath(assetsDir: string, encodedPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    return undefined;
  }
  if (decoded === '' || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const root = resolve(assetsDir);
  const filePath = resolve(root, decoded);
  const rel = relative(root, filePath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return filePath;
}
