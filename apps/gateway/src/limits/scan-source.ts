import { Lexer, Source, TokenKind } from 'graphql';
import { valueNestingAllowance, type QueryLimits } from './query-limits.ts';

/**
 * Refuses a document too long or too deeply nested to parse safely, before it is parsed: graphql-js
 * parses recursively (50,000 nested `{a` overflow the stack) and validates some rules in
 * quadratic time, so size is bounded first, by tokens and by nesting, reading each token once.
 * Returns the refusal's message, or undefined when the document may be parsed (a syntax error is
 * left to the parser, which says it better).
 */
export function scanSource(source: string, { maxTokens, maxDepth }: Pick<QueryLimits, 'maxTokens' | 'maxDepth'>): string | undefined {
  const maxNesting = maxDepth + valueNestingAllowance;
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > maxTokens) {
        return `This document has more than ${maxTokens} tokens; the limit is ${maxTokens} (MAX_QUERY_TOKENS). Send a shorter document: fewer fields, aliases or inline values.`;
      }
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L) {
        if (++nesting > maxNesting) {
          return `This document nests braces and brackets more than ${maxNesting} levels deep; the limit is ${maxNesting} (MAX_QUERY_DEPTH + ${valueNestingAllowance}). Split it or ask for fewer nested fields.`;
        }
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R) {
        nesting--;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}
