// The wire contracts (src/wire) are shared with the browser apps as types only: the bundles must
// not take the server's modules or zod with them, or widget.js grows by a validation library.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const BUNDLES = {
  widget: '../../adapters/web/widget/main.ts',
  console: '../../adapters/agent/console/main.ts',
  review: '../../adapters/agent/review/main.ts',
  insights: '../../adapters/agent/insights/main.ts',
};
/** Files of src/ that hold plain data for the pages (and say so), and nothing else. */
const PLAIN_DATA = new Set(['src/wire/intent-labels.ts']);

async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [fileURLToPath(new URL(entry, import.meta.url))], bundle: true, format: 'iife', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

describe('browser bundles and the wire contracts', () => {
  for (const [name, entry] of Object.entries(BUNDLES)) {
    it(`${name}: takes nothing of src/ or node_modules at run time`, async () => {
      const inputs = await inputsOf(entry);
      expect(inputs.length).toBeGreaterThan(2);
      expect(inputs.filter((file) => (file.startsWith('src/') && !PLAIN_DATA.has(file)) || file.includes('node_modules'))).toEqual([]);
    });
  }
});
