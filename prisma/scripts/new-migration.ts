// Writes migrations/<stamp>_<name>/migration.sql with the SQL that takes the existing
// migrations to the current schema. Usage: npm run migration:new -w @fedbase/prisma -- <name>
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prismaPaths } from '../src/prisma-paths.ts';
import { runPrismaCli } from '../src/run-prisma-cli.ts';

const name = process.argv[2];
if (name === undefined || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: migration:new <name>   (lower-case letters, digits and _)');
  process.exit(1);
}

const result = await runPrismaCli({
  args: ['migrate', 'diff', '--from-migrations', prismaPaths.migrationsDir, '--to-schema', prismaPaths.schemaDir, '--script', '--exit-code'],
});
if (result.code === 0) {
  console.log('The schema matches the migrations: nothing to write.');
  process.exit(0);
}
if (result.code !== 2) {
  console.error(result.stderr || result.stdout);
  process.exit(result.code);
}

// Prisma's own folder stamp (UTC, to the second) so `prisma migrate` tooling orders them alike
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = path.join(prismaPaths.migrationsDir, `${stamp}_${name}`);
mkdirSync(folder);
writeFileSync(path.join(folder, 'migration.sql'), result.stdout);
console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
