export { PrismaClient, Prisma, FileStatus } from '../generated/client.ts';
export type {
  Project,
  User,
  Collection,
  Document,
  Bucket,
  File,
  Event,
  ProjectPlan,
} from '../generated/client.ts';
export { prismaPaths } from './prisma-paths.ts';
export { runPrismaCli, type RunPrismaCliOptions, type PrismaCliResult } from './run-prisma-cli.ts';
