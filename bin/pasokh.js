#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a clean checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../compose/main.ts');
process.exitCode = await main(process.argv.slice(2));
