import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FirstProject {
  readonly projectId: string;
  readonly name: string;
  readonly publishableKey: string;
  readonly secretKey: string;
}

/**
 * On a fresh DATA_DIR, creates a first project through the gateway (as any operator would, with
 * x-admin-secret) so `npm start` is usable at once. Its keys are returned to be shown once and are
 * never written down: only a marker with the project's id is kept. Null when already done.
 */
export async function createFirstProject(gatewayUrl: string, adminSecret: string, dataDir: string): Promise<FirstProject | null> {
  const marker = join(dataDir, 'first-project.json');
  try {
    await readFile(marker, 'utf8');
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-secret': adminSecret },
    body: JSON.stringify({
      query: 'mutation FirstProject($name: String!) { createProject(name: $name) { project { id name } publishableKey secretKey } }',
      variables: { name: 'My project' },
    }),
  });
  const body = (await response.json()) as {
    data?: { createProject?: { project: { id: string; name: string }; publishableKey: string; secretKey: string } };
    errors?: { message: string }[];
  };
  const created = body.data?.createProject;
  if (!created) throw new Error(`creating the first project failed: ${body.errors?.map((error) => error.message).join('; ') ?? response.status}`);
  await mkdir(dataDir, { recursive: true });
  await writeFile(marker, `${JSON.stringify({ projectId: created.project.id, createdAt: new Date().toISOString() })}\n`, { mode: 0o600 });
  return { projectId: created.project.id, name: created.project.name, publishableKey: created.publishableKey, secretKey: created.secretKey };
}
