// Media types a GraphQL client asks for; any of them in Accept means "this is an API call".
const graphqlMediaTypes = new Set(['application/json', 'application/graphql-response+json']);

/**
 * True when the Accept header ranks `text/html` strictly above every GraphQL response type:
 * browsers navigating to /graphql list text/html explicitly, API clients list JSON or nothing.
 * Wildcards are ignored so `*\/*` (curl, fetch defaults) stays an API call, and a tie goes to the
 * API because answering a client with HTML breaks it while a browser can still read JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let graphql = 0;
  for (const entry of accept.split(',')) {
    const [rawType = '', ...params] = entry.split(';');
    const type = rawType.trim().toLowerCase();
    const q = qualityOf(params);
    if (type === 'text/html') html = Math.max(html, q);
    else if (graphqlMediaTypes.has(type)) graphql = Math.max(graphql, q);
  }
  return html > 0 && html > graphql;
}

function qualityOf(params: string[]): number {
  for (const param of params) {
    const [key = '', value = ''] = param.split('=');
    if (key.trim().toLowerCase() !== 'q') continue;
    const q = Number.parseFloat(value);
    return Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0;
  }
  return 1;
}
