// Intent files are edited by hand: whatever they hold, loading gives the intent or an IntentsError
// naming the file (and the line when there is one) — never another exception, never a hang.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { IntentsError, parseIntentFile } from '../../src/nlu/intents/index.js';
import { anyJson, anyText, chatText, nestedJson } from './arbitraries.js';

const FILE = 'intents/fa/product_price.yaml';

function load(source: string): void {
  try {
    const intent = parseIntentFile(source, FILE);
    expect(intent.intent).toBe('product_price');
    expect(intent.examples.length).toBeGreaterThanOrEqual(3);
    for (const example of intent.examples) expect(example.trim().length).toBeGreaterThan(0);
  } catch (error) {
    expect(error).toBeInstanceOf(IntentsError);
    expect((error as Error).message.startsWith(FILE)).toBe(true);
  }
}

describe('intent files', () => {
  it('load or fail with the file named, for intent-shaped documents with odd values', () => {
    const document = fc.record(
      {
        intent: fc.oneof(fc.constant('product_price'), fc.constant('Product Price'), anyText(20), anyJson),
        description: fc.oneof(chatText(80), anyJson),
        examples: fc.oneof(fc.array(fc.oneof(chatText(60), anyText(60)), { maxLength: 8 }), anyJson),
        extra: anyJson,
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(document, (doc) => load(stringify(doc))), { numRuns: 150 });
  });

  it('load or fail with the file named, for any text at all', () => {
    fc.assert(fc.property(fc.oneof(anyText(400), chatText(400)), load), { numRuns: 400 });
  });

  it('fail with the file named for nesting 3,000 deep and aliases that expand without bound, and load half a megabyte of examples', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'examples: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    for (const source of [`intent: product_price\nexamples: ${nestedJson(3000)}`, `intent: product_price\nexamples:\n${'- '.repeat(3000)}x`, bomb]) {
      expect(() => parseIntentFile(source, FILE)).toThrow(IntentsError);
    }
    const many = `intent: product_price\ndescription: prices\nexamples:\n${'  - "قیمت مانتو چنده؟"\n'.repeat(20_000)}`;
    expect(parseIntentFile(many, FILE).examples).toHaveLength(20_000);
  });
});
