/** The kind of API key that named the project: publishable keys ship in apps, secret keys stay on servers. */
export type KeyKind = 'publishable' | 'secret';

/** The project a request acts in, as verified by the identity subgraph's signature. */
export interface ProjectCaller {
  readonly id: string;
  readonly keyKind: KeyKind;
  /** The API key that named the project. */
  readonly apiKeyId: string;
  /** What the key may do; a secret key without scopes may do everything (`*`). */
  readonly scopes: readonly string[];
}

/** The signed-in user, from a verified access token. */
export interface UserCaller {
  readonly id: string;
  readonly roles: readonly string[];
  readonly sessionId: string;
  readonly anonymous: boolean;
}

/**
 * Who is calling. Every subgraph resolver receives it and every query is scoped by
 * `project.id` taken from here, never from an argument. Only verified credentials fill it: a
 * subgraph leaves `project` and `user` null rather than trust a header it cannot verify.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly project: ProjectCaller | null;
  readonly user: UserCaller | null;
  /** `x-admin-secret` as sent, unverified: only identity receives it, and checks it itself. */
  readonly adminSecret?: string | null;
  readonly userAgent?: string | null;
}
