import type { ApolloServerPlugin } from '@apollo/server';
import { Errors } from '@fedbase/errors';
import type { RateLimiter } from '@fedbase/rate-limit';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from './gateway-context.ts';

/**
 * Mutations that guess or spend secrets, or mint accounts and projects: limited per client IP,
 * whatever account they aim at.
 */
const guessingMutations = new Set([
  'signIn',
  'signUp',
  'signInAnonymously',
  'requestPasswordReset',
  'resetPassword',
  'verifyEmail',
  'refreshSession',
  'confirmTotp',
  'createProject',
]);

/**
 * Refuses sign-in, sign-up and reset attempts beyond `attemptsPerMinute` from one IP (identity
 * limits per project+email as well: together they stop one IP trying many accounts and many IPs
 * trying one). Every aliased copy of such a field in one document counts.
 */
export function createAuthThrottlePlugin(limiter: RateLimiter, attemptsPerMinute: number): ApolloServerPlugin<GatewayContext> {
  const rule = { capacity: attemptsPerMinute, refillPerSecond: attemptsPerMinute / 60 };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const attempts = operation ? countGuessingFields(operation) : 0;
          if (attempts === 0) return;
          const decision = await limiter.take(`auth-ip:${contextValue.clientIp}`, rule, attempts);
          if (!decision.allowed) {
            throw Errors.rateLimited(decision.retryAfterSeconds, `Too many sign-in attempts from this address: wait ${decision.retryAfterSeconds} s.`);
          }
        },
      };
    },
  };
}

function countGuessingFields(operation: OperationDefinitionNode): number {
  if (operation.operation !== 'mutation') return 0;
  return operation.selectionSet.selections.filter((selection) => selection.kind === Kind.FIELD && guessingMutations.has(selection.name.value)).length;
}

/**
 * When a whole request was refused for being too fast or over a quota (no data, only RATE_LIMITED
 * or QUOTA_EXCEEDED errors, from the gateway or a subgraph), answer HTTP 429, with `Retry-After`
 * when waiting helps, as clients and proxies expect.
 */
export function createRateLimitedStatusPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || (data && Object.values(data).some((value) => value !== null))) return;
          const codes = errors.map((error) => error.extensions?.['code']);
          if (!codes.every((code) => code === 'RATE_LIMITED' || code === 'QUOTA_EXCEEDED')) return;
          response.http.status = 429;
          if (!codes.includes('RATE_LIMITED')) return;
          const retryAfter = Math.max(1, ...errors.map((error) => Number(error.extensions?.['retryAfter']) || 1));
          response.http.headers.set('retry-after', String(retryAfter));
        },
      };
    },
  };
}
