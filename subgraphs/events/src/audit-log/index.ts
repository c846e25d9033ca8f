export { appendAuditEntry, lockAuditChains, type NewAuditEntry } from './append-audit-entry.ts';
export { auditHash, genesisHash, type AuditContent } from './audit-hash.ts';
export { createAuditLog, type AuditEntryConnection, type AuditLog, type ListAuditInput } from './audit-log.ts';
export type { AuditRecord } from './audit-record.ts';
export { verifyAuditChain, type AuditVerification } from './verify-audit-chain.ts';
