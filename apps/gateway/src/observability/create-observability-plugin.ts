import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { Kind } from 'graphql';
import type { GatewayContext } from '../gateway-context.ts';
import type { GatewayObserver } from './create-gateway-observer.ts';

/** Mutations that check a password or a one-time code: their outcome is an authentication. */
const signInFields = new Set(['signIn', 'confirmTotp']);

/**
 * Per operation: names the request's span after the operation (`query GetProfile`), marks it
 * failed with the error codes the client got, and reports the operation's latency and outcome.
 * A request fails the availability SLO only for errors of ours (INTERNAL): a client's bad input,
 * missing credentials or spent quota are answers, not outages.
 */
export function createObservabilityPlugin({ observer, operationLabel }: { observer: GatewayObserver; operationLabel: (name: string | null | undefined) => string }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      const span = trace.getActiveSpan();
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!span?.isRecording() || !operation) return;
          span.updateName(`${operation.operation} ${operationName ?? 'anonymous'}`);
          span.setAttributes({ 'graphql.operation.type': operation.operation, ...(operationName ? { 'graphql.operation.name': operationName } : {}) });
        },
        async willSendResponse({ operation, operationName, response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((error) => String(error.extensions?.['code'] ?? 'INTERNAL'));
          const ok = !codes.includes('INTERNAL');
          observer.request(operationLabel(operationName), performance.now() - started, ok);
          const signIn = operation?.operation === 'mutation' && operation.selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && signInFields.has(selection.name.value));
          if (signIn) observer.auth(!codes.includes('UNAUTHENTICATED') && !codes.includes('BAD_USER_INPUT'));
          if (span?.isRecording() && codes.length) {
            span.setAttribute('graphql.error.codes', [...new Set(codes)]);
            if (!ok) span.setStatus({ code: SpanStatusCode.ERROR, message: 'INTERNAL' });
          }
        },
      };
    },
  };
}
