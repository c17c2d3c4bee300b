#!/usr/bin/env node
// The CLI runs the compiled code in dist/ (`npm run build`, which `npm install` runs too). A missing
// or stale build stops here with the command that fixes it: running code older than the sources
// would look like a bug that is already fixed.
import module from 'node:module';
import { buildProblem, buildState } from '../scripts/build-state.js';

const problem = buildProblem(buildState());
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
// Node 22 and later keep V8's compiled code between starts (Node 20 has no such cache).
module.enableCompileCache?.();
const { main } = await import('../dist/compose/main.js');
process.exitCode = await main(process.argv.slice(2));
