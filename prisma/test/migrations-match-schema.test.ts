import { describe, expect, it } from 'vitest';
import { FileStatus, Prisma, prismaPaths, runPrismaCli } from '../src/index.ts';

describe('@fedbase/prisma', () => {
  it('has migrations that produce exactly the schema (replayed on an in-memory PGlite)', async () => {
    const diff = await runPrismaCli({
      args: ['migrate', 'diff', '--from-migrations', prismaPaths.migrationsDir, '--to-schema', prismaPaths.schemaDir, '--exit-code'],
    });
    expect(diff.stdout + diff.stderr).toContain('No difference detected');
    expect(diff.code).toBe(0);
  }, 90_000);

  it('exposes the generated client, its enums and the model names', () => {
    expect(FileStatus.READY).toBe('READY');
    expect(Object.values(Prisma.ModelName).sort()).toEqual(
      [
        'ApiKey', 'AuditEntry', 'BillingOutbox', 'Bucket', 'Collection', 'DataOutbox', 'Delivery', 'DeliveryAttempt', 'Document',
        'Event', 'EventsOutbox', 'File', 'FileEgress', 'FilesOutbox', 'IdentityOutbox', 'Mail', 'MeteringBatch', 'OneTimeToken',
        'OperationCount', 'PendingDeletion', 'Project', 'ProjectPlan', 'RecoveryCode', 'RefreshToken', 'Session', 'SigningKey',
        'SpendAlert', 'UsageCounter', 'User', 'Webhook',
      ],
    );
  });
});
