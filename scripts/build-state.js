// Whether dist/ was built from the sources as they are now. bin/pasokh.js asks before it runs the
// compiled code (a missing or stale build stops with the command that fixes it, rather than
// running yesterday's code), and `npm run build -- --if-stale` asks before it builds. Plain
// JavaScript: it runs in a production install, where there is no TypeScript.
//
// The check is cheap: a stat of each source against the time the build started. Only a file that
// looks newer (an edit, a checkout, a copy that did not keep times) is hashed and compared with its
// hash at build time, so touching a file does not force a rebuild.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the build goes. */
export const DIST = join(ROOT, 'dist');
/** What the build records about itself, in dist/. */
export const BUILD_INFO = 'build-info.json';

/** Folders whose files the build compiles or copies (a missing one is skipped). */
export const SOURCE_DIRS = ['src', 'adapters', 'compose', 'bin'];
/** Files that change what the build makes. */
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.js', 'scripts/build-state.js'];
/** Files the build reads: TypeScript, and the pages and styles copied beside it. */
const SOURCE_EXTENSIONS = /\.(ts|mts|html|css)$/;

/**
 * Every input of the build, as paths relative to the root (with `/`), sorted.
 * @param {string} [root]
 * @returns {string[]}
 */
export function listSources(root = ROOT) {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE_EXTENSIONS.test(entry.name)) files.push(relative(root, path).split(sep).join('/'));
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  for (const file of BUILD_FILES) if (existsSync(join(root, file))) files.push(file);
  return files.sort();
}

/**
 * Each source's content hash, by path.
 * @param {string[]} files from listSources
 * @param {string} [root]
 * @returns {Record<string, string>}
 */
export function hashSources(files, root = ROOT) {
  return Object.fromEntries(files.map((file) => [file, hashFile(join(root, file))]));
}

const hashFile = (path) => createHash('sha256').update(readFileSync(path)).digest('base64url');

/**
 * @typedef {{ state: 'fresh' } | { state: 'missing' } | { state: 'stale', changed: string }} BuildState
 */

/**
 * Whether dist/ holds a build of the current sources.
 * @param {string} [root]
 * @returns {BuildState}
 */
export function buildState(root = ROOT) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(root, 'dist', BUILD_INFO), 'utf8'));
  } catch {
    return { state: 'missing' };
  }
  const files = listSources(root);
  // An install without the sources (only dist/) has nothing to be stale against.
  if (files.length === 0) return { state: 'fresh' };
  const built = info.sources ?? {};
  const added = files.find((file) => !(file in built));
  if (added) return { state: 'stale', changed: `${added} is new` };
  const present = new Set(files);
  const removed = Object.keys(built).find((file) => !present.has(file));
  if (removed) return { state: 'stale', changed: `${removed} is gone` };
  const changed = files.find((file) => statSync(join(root, file)).mtimeMs > info.startedAt && hashFile(join(root, file)) !== built[file]);
  return changed ? { state: 'stale', changed: `${changed} changed` } : { state: 'fresh' };
}

/**
 * What to tell someone whose build is missing or stale, or undefined when it is fresh.
 * @param {BuildState} state
 */
export function buildProblem(state) {
  if (state.state === 'missing') return 'pasokh: there is no build in dist/ yet. Run: npm run build';
  if (state.state === 'stale') return `pasokh: the build in dist/ is older than the sources (${state.changed}). Run: npm run build`;
  return undefined;
}
