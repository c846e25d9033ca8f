// `npm run docs -w @fedbase/errors`: regenerates errors.md from the registry.
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from './render-error-docs.ts';

const target = new URL('../errors.md', import.meta.url);
writeFileSync(target, renderErrorDocs());
process.stdout.write(`wrote ${target.pathname}\n`);
