import { auditActor, requireProject, requireSecretKey, type RequestContext } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import { Prisma } from '@fedbase/prisma';
import { writeAudit } from '../audit.ts';

export interface BucketRecord {
  id: string;
  projectId: string;
  name: string;
  public: boolean;
  maxFileSize: number | null;
  allowedContentTypes: string[];
  createdAt: Date;
}

export interface CreateBucketInput {
  name: string;
  public?: boolean | null;
  maxFileSize?: number | null;
  allowedContentTypes?: string[] | null;
}

export interface BucketService {
  createBucket(context: RequestContext, input: CreateBucketInput): Promise<BucketRecord>;
  /** The caller's project's bucket by name; NOT_FOUND otherwise. */
  getBucket(context: RequestContext, name: string): Promise<BucketRecord>;
}

const namePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;
// A media type or a whole family (`image/*`), lower case as RFC 6838 compares them.
const contentTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})$/;

/** Whether a bucket takes `contentType` (its media type, parameters ignored); no list takes all. */
export function acceptsContentType(bucket: Pick<BucketRecord, 'allowedContentTypes'>, contentType: string): boolean {
  if (bucket.allowedContentTypes.length === 0) return true;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const family = `${mediaType.split('/', 1)[0]}/*`;
  return bucket.allowedContentTypes.some((allowed) => allowed === mediaType || allowed === family);
}

const toRecord = (row: { id: string; projectId: string; name: string; public: boolean; maxFileSize: bigint | null; allowedContentTypes: string[]; createdAt: Date }): BucketRecord => ({
  ...row,
  maxFileSize: row.maxFileSize === null ? null : Number(row.maxFileSize),
});

export function createBucketService(db: Database, options: { maxFileSize: number }): BucketService {
  return {
    async createBucket(context, input) {
      const project = requireSecretKey(context);
      if (!namePattern.test(input.name)) {
        throw Errors.badUserInput('A bucket name is 1 to 63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.', { field: 'name' });
      }
      const maxFileSize = input.maxFileSize ?? null;
      if (maxFileSize !== null && (!Number.isInteger(maxFileSize) || maxFileSize < 1 || maxFileSize > options.maxFileSize)) {
        throw Errors.badUserInput(`maxFileSize is 1 to ${options.maxFileSize} bytes (FILES_MAX_FILE_SIZE).`, { field: 'maxFileSize' });
      }
      const allowedContentTypes = [...new Set((input.allowedContentTypes ?? []).map((type) => type.trim().toLowerCase()))];
      const bad = allowedContentTypes.find((type) => !contentTypePattern.test(type));
      if (bad !== undefined) {
        throw Errors.badUserInput(`"${bad.slice(0, 100)}" is not a media type: use "image/png" or a family such as "image/*".`, { field: 'allowedContentTypes' });
      }
      try {
        const row = await db.prisma.$transaction(async (tx) => {
          const created = await tx.bucket.create({
            data: { projectId: project.id, name: input.name, public: input.public ?? false, maxFileSize, allowedContentTypes },
          });
          const details = { name: created.name, public: created.public, maxFileSize, allowedContentTypes };
          await writeAudit(tx, { projectId: project.id, action: 'bucket.created', actor: auditActor(context), target: { type: 'bucket', id: created.id }, details });
          return created;
        });
        return toRecord(row);
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw Errors.conflict(`A bucket named "${input.name}" exists already: pick another name.`);
        }
        throw error;
      }
    },

    async getBucket(context, name) {
      const project = requireProject(context);
      const row = await db.prisma.bucket.findUnique({ where: { projectId_name: { projectId: project.id, name } } });
      if (!row) throw Errors.notFound(`Bucket "${name.slice(0, 80)}"`);
      return toRecord(row);
    },
  };
}
