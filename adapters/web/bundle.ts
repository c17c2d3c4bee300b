// widget.js is built once by `npm run build` (scripts/build.js) into dist/browser/web/, with its
// brotli and gzip copies; the server only serves the files. The fonts are the two Vazirmatn
// weights the widget uses, kept in assets/fonts/ with their licence.
import { PasokhError } from '../../src/errors.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../src/package-root.js';
import { BROWSER_DIR } from '../../src/server/assets.js';

/** The folder served at the widget's root: widget.js (and its .br, .gz). */
export const WIDGET_DIR = join(BROWSER_DIR, 'web');
/** The fonts served at /fonts/. */
export const FONTS_DIR = packagePath('assets/fonts');

/** Throws, with the command that fixes it, when widget.js has not been built. */
export function assertWidgetBuilt(): void {
  if (!existsSync(join(WIDGET_DIR, 'widget.js'))) throw new PasokhError('PASOKH_ERR_NOT_BUILT', { message: `widget.js is not built (${WIDGET_DIR}): run npm run build` });
}
