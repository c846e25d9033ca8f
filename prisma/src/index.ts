export { PrismaClient, Prisma, FileStatus, ApiKeyKind, OneTimeTokenPurpose, DeliveryStatus } from '../generated/client.ts';
export type {
  Project,
  ApiKey,
  SigningKey,
  User,
  Session,
  RefreshToken,
  OneTimeToken,
  RecoveryCode,
  Mail,
  IdentityOutbox,
  DataOutbox,
  Collection,
  Document,
  Bucket,
  File,
  FilesOutbox,
  PendingDeletion,
  FileEgress,
  Event,
  EventsOutbox,
  Webhook,
  Delivery,
  ProjectPlan,
} from '../generated/client.ts';
export { prismaPaths } from './prisma-paths.ts';
export { runPrismaCli, type RunPrismaCliOptions, type PrismaCliResult } from './run-prisma-cli.ts';
