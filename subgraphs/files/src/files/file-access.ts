import type { RequestContext } from '@fedbase/context';
import type { FileRecord } from './file-record.ts';

/**
 * Who may see a file: the secret key (the project's server), its owner, and, once uploaded, anyone
 * with the project's key when its bucket is public.
 */
export function canReadFile(context: RequestContext, file: FileRecord): boolean {
  if (context.project?.id !== file.projectId) return false;
  if (context.project.keyKind === 'secret') return true;
  if (file.ownerId !== null && context.user?.id === file.ownerId) return true;
  return file.bucketPublic && file.status === 'READY';
}

/** Who may delete a file: the secret key and its owner. */
export function canDeleteFile(context: RequestContext, file: FileRecord): boolean {
  if (context.project?.id !== file.projectId) return false;
  return context.project.keyKind === 'secret' || (file.ownerId !== null && context.user?.id === file.ownerId);
}
