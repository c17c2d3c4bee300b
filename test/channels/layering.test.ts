// The arrow runs one way: compose/ wires adapters/ into src/, and nothing under src/ imports
// adapters/ or compose/ (a channel is known to src/ only through the contract in src/channel).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FORBIDDEN = ['adapters', 'compose'];

/** Every module specifier a TypeScript source names: static imports and re-exports, `import '…'`, `import('…')`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const match of source.matchAll(pattern)) found.push(match[1]!);
  }
  return found;
}

/** The imports of `file` (a path under ROOT) that land in a forbidden top-level folder. */
function forbiddenImports(file: string, source: string): string[] {
  return specifiers(source).filter((spec) => {
    if (!spec.startsWith('.')) return false;
    const top = relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).split(sep)[0];
    return FORBIDDEN.includes(top ?? '');
  });
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('layering', () => {
  it('finds an import of adapters/ or compose/ in every form it can be written', () => {
    const sample = [
      "import { telegramChannel } from '../../adapters/telegram/index.js';",
      "import type { Channel } from '../channel/index.js';",
      "export { CHANNELS } from '../../compose/channels.js';",
      "import '../../adapters/web/index.js';",
      "const m = await import('../../compose/main.js');",
      "import {\n  webChannel,\n} from '../../adapters/web/index.js';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(forbiddenImports('src/server/serve.ts', sample).sort()).toEqual([
      '../../adapters/telegram/index.js',
      '../../adapters/web/index.js',
      '../../adapters/web/index.js',
      '../../compose/channels.js',
      '../../compose/main.js',
    ]);
  });

  it('src/ imports nothing from adapters/ or compose/', () => {
    const offenders = sources('src').flatMap((file) => forbiddenImports(file, readFileSync(join(ROOT, file), 'utf8')).map((spec) => `${file} imports ${spec}`));
    expect(offenders).toEqual([]);
  });
});
