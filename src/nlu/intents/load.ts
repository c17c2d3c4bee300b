// Training data: one YAML file per intent in a directory (intents/fa/*.yaml). A broken file is
// reported with its name and line, since shop owners edit these files by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { IntentsError } from '../../errors.js';

export interface IntentData {
  intent: string;
  description: string;
  examples: string[];
  /**
   * A finer intent's canonical parent (e.g. haggling counts as product_price): a dev set labelled
   * with the canonical intents scores a prediction of this intent as that parent.
   */
  counts_as?: string;
  file: string;
}

export { IntentsError };

export const INTENT_NAME = /^[a-z][a-z0-9_]*$/;

const IntentFile = z.strictObject({
  intent: z.string().regex(INTENT_NAME, 'intent names are lower_snake_case, e.g. product_price'),
  description: z.string().trim().min(1, 'describe what the intent covers'),
  examples: z
    .array(z.string().trim().min(1, 'an example is empty').max(500, 'an example is over 500 characters'))
    .min(3, 'an intent needs at least 3 examples'),
  counts_as: z.string().regex(INTENT_NAME, 'counts_as names another intent, e.g. product_price').optional(),
});

/** The YAML node at a zod issue's path, for its line number. */
function nodeAt(root: Node | null | undefined, path: readonly PropertyKey[]): Node | undefined {
  let node: Node | null | undefined = root;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true) as Node | undefined;
    else if (isSeq(node) && typeof key === 'number') node = node.get(key, true) as Node | undefined;
    else break;
  }
  return node ?? undefined;
}

/** The document as plain data; yaml refuses aliases that would expand without bound (a "billion laughs"). */
function contentsOf(doc: Document, file: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new IntentsError(file, undefined, `invalid YAML: ${(error as Error).message}`);
  }
}

export function parseIntentFile(source: string, file: string): IntentData {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line ?? lines.linePos(yamlError.pos[0]).line;
    throw new IntentsError(file, line, `invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const parsed = IntentFile.safeParse(contentsOf(doc, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = nodeAt(doc.contents, issue.path);
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new IntentsError(file, line, `${where}${issue.message}`);
  }
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (parsed.data.intent !== expected) {
    const line = lines.linePos(nodeAt(doc.contents, ['intent'])?.range?.[0] ?? 0).line;
    throw new IntentsError(file, line, `intent "${parsed.data.intent}" does not match the file name "${expected}"`);
  }
  return { ...parsed.data, file };
}

/** Every intent file of a directory, sorted by intent name. */
export function loadIntents(dir: string): IntentData[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n));
  } catch (error) {
    throw new IntentsError(dir, undefined, `cannot read the intents directory (${(error as Error).message})`);
  }
  if (names.length === 0) throw new IntentsError(dir, undefined, 'no intent files (*.yaml) found');
  const intents = names
    .sort()
    .map((name) => {
      const file = join(dir, name);
      return parseIntentFile(readFileSync(file, 'utf8'), file);
    });
  const known = new Set(intents.map((i) => i.intent));
  for (const i of intents) {
    if (i.counts_as !== undefined && (!known.has(i.counts_as) || i.counts_as === i.intent)) {
      throw new IntentsError(i.file, undefined, `counts_as: "${i.counts_as}" is not another intent of ${dir}`);
    }
  }
  return intents;
}
