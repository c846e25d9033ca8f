import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../gateway-context.ts';
import type { ProjectAdmission } from './create-project-admission.ts';

export interface BillingPluginOptions {
  admission: ProjectAdmission;
  /** Root fields that never count toward the monthly quota (billing's own). */
  exemptRootFields: ReadonlySet<string>;
}

/**
 * Enforces a project's plan on every operation, over HTTP and graphql-ws alike: the rate (unless
 * the HTTP layer already took the token, before parsing), then the monthly quota, which meters
 * the operation it lets through. Refused and unparseable operations are not counted: usage is
 * operations served.
 */
export function createBillingPlugin({ admission, exemptRootFields }: BillingPluginOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const project = contextValue.caller.project;
      if (!project) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!contextValue.rateLimitTaken) await admission.takeRate(project.id);
          await admission.admitOperation(project.id, operationName ?? 'anonymous', { exempt: onlyExemptFields(operation, exemptRootFields) });
        },
      };
    },
  };
}

function onlyExemptFields(operation: OperationDefinitionNode | undefined, exempt: ReadonlySet<string>): boolean {
  if (!operation) return false;
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && (exempt.has(selection.name.value) || selection.name.value.startsWith('__')),
  );
}
