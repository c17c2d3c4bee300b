// pasokh's own files (the bundled intents, the sample shop, the fonts, the browser bundles) are
// found from the package's root, which is one folder up from src/ when the TypeScript runs
// directly (tests, tsx) and two up from dist/src/ when the compiled code runs (npm start).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder (where package.json is). */
export const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '..' : '../..', import.meta.url));

/**
 * A path inside the package, the same from the sources and from dist/.
 * @example packagePath('intents/fa') // '/srv/pasokh/intents/fa'
 */
export const packagePath = (path: string): string => join(PACKAGE_ROOT, path);
