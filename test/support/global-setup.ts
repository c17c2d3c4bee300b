// Once per test run: the build (tests that start `pasokh` processes run dist/, the code that
// ships, and the in-process servers serve its widget.js and console.js), skipped when dist/ is
// already up to date, and without the type check (`npm run typecheck` does that; work in progress
// with a type error still gets its tests run); then one redis-server, whose URL tests read with
// inject('redisUrl').
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

const BUILD = fileURLToPath(new URL('../../scripts/build.js', import.meta.url));

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, [BUILD, '--if-stale', '--no-check', '--quiet'], { stdio: 'inherit' });
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
  };
}
