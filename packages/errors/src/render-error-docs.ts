import { errorCodes } from './error-codes.ts';

/** The Markdown of `errors.md`, generated from the registry so the two cannot drift. */
export function renderErrorDocs(): string {
  const rows = Object.entries(errorCodes).map(([code, { status, description }]) => `| \`${code}\` | ${status} | ${description} |`);
  return [
    '# Error codes',
    '',
    '<!-- Generated from packages/errors/src/error-codes.ts by `npm run docs -w @fedbase/errors`. Do not edit. -->',
    '',
    'Every GraphQL error carries one of these in `extensions.code`. The HTTP status applies when the whole request is refused.',
    '',
    '| code | HTTP | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
