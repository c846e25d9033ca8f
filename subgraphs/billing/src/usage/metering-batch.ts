import { z } from '@fedbase/config';

/** What the gateway sends to `POST /internal/metering`: request counts it aggregated. */
export const meteringBatchSchema = z.strictObject({
  /** Chosen when the batch is cut and kept on every retry: a batch is applied once. */
  batchId: z.uuid(),
  source: z.string().min(1).max(100),
  entries: z
    .array(
      z.strictObject({
        projectId: z.uuid(),
        period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
        operation: z.string().min(1).max(200),
        requests: z.number().int().min(1),
      }),
    )
    .max(100_000),
});

export type MeteringBatch = z.infer<typeof meteringBatchSchema>;
