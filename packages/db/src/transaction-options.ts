/**
 * Prisma's interactive transactions default to 2 s waiting for a connection and 5 s in all. Under
 * contention (many writers on one row take turns through `FOR UPDATE`) or on a busy embedded
 * database that turns correct, slow writes into errors; these bounds still catch a stuck one.
 */
export const transactionOptions = { maxWait: 10_000, timeout: 30_000 } as const;
