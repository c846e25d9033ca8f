export interface FirstProject {
  readonly projectId: string;
  readonly name: string;
  readonly publishableKey: string;
  readonly secretKey: string;
}

interface FirstProjectAnswer {
  created?: boolean;
  project?: { id: string; name: string };
  publishableKey?: string;
  secretKey?: string;
  error?: string;
}

/**
 * On a backend without any project, creates a first one so `npm start` is usable at once. Identity
 * decides under a database lock, so several launchers starting at once on one PostgreSQL create one
 * project between them, and a restart creates none. Its keys are returned to be shown once and are
 * never written down. Null when a project existed already.
 */
export async function createFirstProject(identityUrl: string, adminSecret: string): Promise<FirstProject | null> {
  const response = await fetch(`${identityUrl}/internal/first-project`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-secret': adminSecret },
    body: JSON.stringify({ name: 'My project' }),
  });
  const answer = (await response.json().catch(() => ({}))) as FirstProjectAnswer;
  if (response.status === 200 && answer.created === false) return null;
  if (response.status !== 201 || !answer.project || !answer.publishableKey || !answer.secretKey) {
    throw new Error(`creating the first project failed: ${answer.error ?? `identity answered ${response.status}`}`);
  }
  return { projectId: answer.project.id, name: answer.project.name, publishableKey: answer.publishableKey, secretKey: answer.secretKey };
}
