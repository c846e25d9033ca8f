import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { maskError } from '@fedbase/errors';
import { GraphQLError } from 'graphql';

/**
 * Apollo's inline traces (ftv1): when the gateway asks (`apollo-federation-include-trace: ftv1`,
 * on sampled requests only), the response carries each field's timing. Apollo installs this by
 * itself but masks errors to `<masked>`; spans need their codes, and nothing more: messages can
 * hold what only our logs may see, and traces leave the process.
 */
export function createInlineTracePlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return ApolloServerPluginInlineTrace({
    includeErrors: {
      transform: (error) => {
        const { extensions } = maskError(error.toJSON(), error);
        return new GraphQLError('', { extensions: { code: extensions?.['code'] } });
      },
    },
  });
}
