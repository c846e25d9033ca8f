/** The operations a TRUSTED_DOCUMENTS manifest registers, by the sha256 (lowercase hex) of their text. */
export interface TrustedDocuments {
  /** The document registered under `hash`, if any. */
  get(hash: string): string | undefined;
  readonly size: number;
}
