// Static files — the browser bundles, the fonts, the pages. The few files are read once at mount
// and each gets its own route: the build's brotli or gzip copy is sent when the browser takes it
// (negotiated by fastify's @fastify/accept-negotiator), with ETag, Cache-Control and Vary; the pages
// are compressed on the fly by @fastify/compress. Compression is registered per scope, so the JSON
// API and the live streams are never touched. (@fastify/static did this too, but its file globbing
// brought 8 MB of dependencies to a production install for six fixed files.)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance } from 'fastify';
import { packagePath } from '../package-root.js';

/** Where `npm run build` puts the browser apps (scripts/build.js). */
export const BROWSER_DIR = packagePath('dist/browser');

export interface AssetFolder {
  /** Absolute path of the folder. */
  root: string;
  /** URL prefix, with the trailing slash: `/fonts/`. */
  prefix: string;
  /** Cache-Control max-age, in seconds. */
  maxAgeSeconds: number;
  /** Never revalidated (fonts whose content does not change). */
  immutable?: boolean;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

type Encoding = 'br' | 'gzip' | 'identity';
const SUFFIX: Record<Exclude<Encoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

/**
 * Registers `routes` with compression (brotli, gzip) on them and only them.
 * @example server.register(compressed(async (scope) => { scope.get('/', …) }))
 */
export function compressed(routes: (scope: FastifyInstance) => void | Promise<void>) {
  return async (scope: FastifyInstance) => {
    await scope.register(fastifyCompress);
    await routes(scope);
  };
}

/**
 * Serves a folder's files (as found at mount) under a prefix; call it inside `compressed()`. The .br
 * and .gz copies beside a file are sent in its place when the request accepts them, never under
 * their own names.
 */
export function serveFolder(scope: FastifyInstance, folder: AssetFolder): void {
  const cacheControl = `public, max-age=${folder.maxAgeSeconds}${folder.immutable ? ', immutable' : ''}`;
  for (const name of readdirSync(folder.root)) {
    const path = join(folder.root, name);
    if (/\.(br|gz)$/.test(name) || !statSync(path).isFile()) continue;
    const bodies: Partial<Record<Encoding, Buffer>> = { identity: readFileSync(path) };
    for (const encoding of ['br', 'gzip'] as const) {
      if (existsSync(path + SUFFIX[encoding])) bodies[encoding] = readFileSync(path + SUFFIX[encoding]);
    }
    const offered = (['br', 'gzip'] as const).filter((e) => bodies[e]);
    const negotiator = new Negotiator<Encoding>({ supportedValues: [...offered, 'identity'] });
    // One tag for the file whatever its encoding: the content is the same, Vary tells caches apart.
    const etag = `"${createHash('sha256').update(bodies.identity!).digest('base64url').slice(0, 27)}"`;
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    scope.get(folder.prefix + name, async (request, reply) => {
      reply.header('cache-control', cacheControl).header('etag', etag).header('vary', 'Accept-Encoding').type(type);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const header = request.headers['accept-encoding'];
      const encoding = (typeof header === 'string' && negotiator.negotiate(header)) || 'identity';
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply.send(bodies[encoding] ?? bodies.identity);
    });
  }
}
