import { hasScope, type RequestContext } from '@fedbase/context';
import { Errors } from '@fedbase/errors';
import { defaultFieldResolver, valueFromASTUntyped, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/**
 * Enforces `@authenticated` and `@requiresScopes` where the SDL puts them. @apollo/gateway does
 * not (it refuses `for: SECURITY` features), and a subgraph must not rely on the gateway anyway:
 * each field carrying one gets a guard in front of its resolver. A refused field resolves to an
 * error at its path, so a nullable field comes back null and the rest of the response arrives.
 *
 * `@authenticated`: a signed-in user (anonymous ones too) or a secret key.
 * `@requiresScopes(scopes: [["a", "b"], ["c"]])`: (a and b) or c, granted by the API key.
 */
export function enforceAccessDirectives(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectTypeInAnyRealm(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const guard = guardOf(field, `${type.name}.${field.name}`);
      if (!guard) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: RequestContext, info) => {
        guard(context);
        return resolve(source, args, context, info);
      };
      if (field.subscribe) {
        const subscribe = field.subscribe;
        field.subscribe = (source, args, context: RequestContext, info) => {
          guard(context);
          return subscribe(source, args, context, info);
        };
      }
    }
  }
  return schema;
}

type Guard = (context: RequestContext) => void;

/**
 * `isObjectType` is an instanceof check, and @apollo/subgraph may build the schema with another
 * copy of graphql-js (CommonJS next to ESM, as under vitest); the type's tag is the same in both.
 */
function isObjectTypeInAnyRealm(type: unknown): type is GraphQLObjectType {
  return Object.prototype.toString.call(type) === '[object GraphQLObjectType]';
}

function guardOf(field: GraphQLField<unknown, unknown>, coordinate: string): Guard | undefined {
  const guards: Guard[] = [];
  for (const directive of field.astNode?.directives ?? []) {
    if (directive.name.value === 'authenticated') {
      guards.push((context) => {
        if (context.user || context.project?.keyKind === 'secret') return;
        throw Errors.unauthenticated(`${coordinate} needs a signed-in user: send \`authorization: Bearer <access token>\`.`);
      });
    }
    if (directive.name.value === 'requiresScopes') {
      const argument = directive.arguments?.find((arg) => arg.name.value === 'scopes');
      const alternatives = (argument ? valueFromASTUntyped(argument.value) : []) as string[][];
      guards.push((context) => {
        if (!context.project) throw Errors.unauthenticated();
        const project = context.project;
        if (alternatives.some((all) => all.every((scope) => hasScope(project, scope)))) return;
        const needed = alternatives.map((all) => all.join(' and ')).join(' or ');
        throw Errors.forbidden(`${coordinate} needs an API key with the scope ${needed} (the secret key has every scope).`);
      });
    }
  }
  if (!guards.length) return undefined;
  return (context) => {
    for (const guard of guards) guard(context);
  };
}
