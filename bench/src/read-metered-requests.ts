/**
 * The requests billing has counted this month for the project of `secretKey` (`usage { requests }`,
 * which wants the secret key): what the gateway's meter has flushed so far.
 */
export async function readMeteredRequests(graphqlUrl: string, secretKey: string): Promise<number> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': secretKey },
    body: JSON.stringify({ query: '{ usage { requests } }' }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let requests: unknown;
  try {
    requests = (JSON.parse(text) as { data?: { usage?: { requests?: unknown } } }).data?.usage?.requests;
  } catch {
    // Not JSON: reported below with the text.
  }
  if (!response.ok || typeof requests !== 'number') throw new Error(`usage { requests } answered ${response.status}: ${text.slice(0, 500)}`);
  return requests;
}
