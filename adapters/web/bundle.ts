// widget.js, built from TypeScript with esbuild when the server starts (no build step for a
// fresh checkout), kept in memory with its ETag.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Bundle {
  code: string;
  etag: string;
}

const ENTRY = fileURLToPath(new URL('./widget/main.ts', import.meta.url));

export async function buildWidget(): Promise<Bundle> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 16)}"` };
}
