/** One line for an Error, a CloseEvent, or graphql-ws's list of GraphQL errors. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) {
    return error
      .map((e: { message?: string; extensions?: { code?: string; serviceName?: string } }) => {
        const from = e.extensions?.serviceName ? ` (from ${e.extensions.serviceName})` : '';
        return `${e.extensions?.code ?? ''} ${e.message ?? JSON.stringify(e)}${from}`.trim();
      })
      .join('; ');
  }
  const close = error as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') return `socket closed ${close.code} ${String(close.reason ?? '')}`.trim();
  return JSON.stringify(error).slice(0, 300);
}
