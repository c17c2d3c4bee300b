// Static files — the browser bundles, the fonts, the pages — served by fastify's own plugins:
// @fastify/static sends the build's brotli or gzip copy when the browser takes it, with ETag,
// Last-Modified and Cache-Control; @fastify/compress compresses the rest (the pages) on the fly.
// Compression is registered per scope, so the JSON API and the live streams are never touched.
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { packagePath } from '../package-root.js';

/** Where `npm run build` puts the browser apps (scripts/build.js). */
export const BROWSER_DIR = packagePath('dist/browser');

export interface AssetFolder {
  /** Absolute path of the folder. */
  root: string;
  /** URL prefix, with the trailing slash: `/fonts/`. */
  prefix: string;
  /** Cache-Control max-age, as @fastify/send takes it (`'5m'`, `'30d'`). */
  maxAge: string;
  /** Never revalidated (fonts whose content does not change). */
  immutable?: boolean;
  /** One route per file found at start, rather than one wildcard route under the prefix. */
  fixedFiles?: boolean;
}

/**
 * Registers `routes` with compression (brotli, gzip) on them and only them.
 * @example server.register(compressed(async (scope) => { scope.get('/', …) }))
 */
export function compressed(routes: (scope: FastifyInstance) => void | Promise<void>) {
  return async (scope: FastifyInstance) => {
    // Registered before the static folders, as @fastify/compress asks.
    await scope.register(fastifyCompress);
    await routes(scope);
  };
}

/**
 * Serves a folder's files under a prefix; call it inside `compressed()`. The .br and .gz copies
 * beside a file are sent in its place when the request accepts them, never under their own names.
 */
export function serveFolder(scope: FastifyInstance, folder: AssetFolder): void {
  scope.register(fastifyStatic, {
    root: folder.root,
    prefix: folder.prefix,
    decorateReply: false,
    wildcard: !folder.fixedFiles,
    globIgnore: ['**/*.br', '**/*.gz'],
    allowedPath: (path) => !/\.(br|gz)$/.test(path),
    preCompressed: true,
    index: false,
    maxAge: folder.maxAge,
    immutable: folder.immutable ?? false,
  });
}
