/** What the seeding left in the stack, so fuzzed requests reach real rows and real credentials. */
export interface FuzzTargets {
  readonly publishableKey: string;
  readonly secretKey: string;
  readonly adminSecret: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userId: string;
  readonly email: string;
  readonly collection: string;
  readonly documentIds: readonly string[];
  readonly bucket: string;
  readonly fileId: string;
  /** The path of a real upload ticket (`/files/upload/<token>`), to mutate. */
  readonly uploadPath: string;
}

/** Who a corpus operation is sent as before mutation picks another caller. */
export type CallerKind = 'anonymous' | 'publishable' | 'secret' | 'user' | 'admin';
