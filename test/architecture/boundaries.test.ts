import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const skipped = new Set(['node_modules', 'dist', 'generated', '.turbo', '.data']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (skipped.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:^|\s)(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
}

const subgraphs = readdirSync(join(repoRoot, 'subgraphs'));

describe('the architecture', () => {
  it.each(subgraphs)('keeps the %s subgraph from importing any other subgraph', (name) => {
    const offending = sourceFiles(join(repoRoot, 'subgraphs', name)).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /@fedbase\/subgraph-(?!server)/.test(specifier) || /\.\.\/\.\.\/(?!\.\.)/.test(specifier) && specifier.includes('subgraphs/'))
        .filter((specifier) => !specifier.includes(`subgraph-${name}`))
        .map((specifier) => `${relative(repoRoot, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("never reaches into another package's src/ (packages meet through their index)", () => {
    const offending = ['apps', 'packages', 'subgraphs', 'test', 'bench'].flatMap((top) =>
      sourceFiles(join(repoRoot, top)).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => /^@fedbase\/[^/]+\/src\//.test(specifier))
          .map((specifier) => `${relative(repoRoot, file)} imports ${specifier}`),
      ),
    );
    expect(offending).toEqual([]);
  });

  it('reads process.env only in configuration modules and process entry points', () => {
    // Entry points hand the environment to the one module that parses it.
    const allowed = /(config\.ts|main\.ts|run-subgraph\.ts|start-stack\.ts|create-test-database\.ts|\.test\.ts|vite\.config\.ts|prisma\.config\.ts)$|\/(bench|test|tools|scripts)\//;
    const offending = ['apps', 'packages', 'subgraphs'].flatMap((top) =>
      sourceFiles(join(repoRoot, top))
        .filter((file) => !allowed.test(relative(repoRoot, file)))
        .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')))
        .map((file) => relative(repoRoot, file)),
    );
    expect(offending).toEqual([]);
  });
});
