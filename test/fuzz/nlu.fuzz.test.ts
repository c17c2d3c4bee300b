// The Persian layer on arbitrary input: the normalizer, the entity extractors and the classifier
// give a result of the right shape for any text — arbitrary Unicode, control characters, a
// megabyte of one repeated pattern — and never throw or hang.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIntents, DEFAULT_INTENTS_DIR, createNlu, type Nlu } from '../../src/nlu/index.js';
import { extractEntities, findColours, findOrderNumbers, findPhones, findQuantities, findSizes, findTrackingCodes } from '../../src/nlu/entities/index.js';
import { normalize, toDisplay, toKey } from '../../src/nlu/normalize/index.js';
import { detectScript } from '../../src/nlu/finglish/index.js';
import { anyText, chatText, megabyteText } from './arbitraries.js';

let nlu: Nlu;
beforeAll(() => {
  nlu = createNlu(loadIntents(DEFAULT_INTENTS_DIR));
});

describe('normalizer', () => {
  it('gives both forms for any text, and the key of the key is the key', () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        const { display, key } = normalize(text);
        expect(typeof display).toBe('string');
        expect(toKey(key)).toBe(key);
        expect(toKey(display)).toBe(key);
      }),
      { numRuns: 800 },
    );
  });
  it('keeps every digit of any chat text, in order', () => {
    const ascii = (s: string) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
    fc.assert(fc.property(chatText(), (text) => ascii(toKey(text)).replace(/\D/g, '') === ascii(text).replace(/\D/g, '')), { numRuns: 1000 });
  });
  it('gets through a megabyte of one repeated pattern', () => {
    fc.assert(
      fc.property(megabyteText, (text) => {
        // One character unfolds to at most 22 («﷽», the basmala; «ﷲ» → «الله», four): the
        // display grows with the text, never beyond (a chat text that repeats «ﷲ» made 2× fail).
        expect(toDisplay(text).length).toBeLessThanOrEqual(text.length * 22);
        expect(typeof toKey(text)).toBe('string');
      }),
      { numRuns: 2 },
    );
  });
});

describe('entity extractors', () => {
  const extractors = { findPhones, findTrackingCodes, findQuantities, findSizes, findColours, extractEntities, findOrderNumbers: (k: string) => findOrderNumbers(k, []) };
  it('report spans of the key they were given, for any text', () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        const key = toKey(text);
        for (const [name, find] of Object.entries(extractors)) {
          for (const e of find(key)) {
            expect(e.start, name).toBeGreaterThanOrEqual(0);
            expect(e.end, name).toBeLessThanOrEqual(key.length);
            expect(key.slice(e.start, e.end), name).toBe(e.text);
            expect(e.score).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 600 },
    );
  });
  it('get through a megabyte of one repeated pattern', () => {
    fc.assert(
      fc.property(megabyteText, (text) => {
        expect(Array.isArray(extractEntities(toKey(text)))).toBe(true);
      }),
      { numRuns: 2 },
    );
  });
});

describe('classifier', () => {
  it('answers a known intent with a confidence between 0 and 1 for any text', () => {
    const names = new Set([...nlu.intents.map((i) => i.intent), 'out_of_scope']);
    fc.assert(
      fc.property(anyText(), (text) => {
        const understood = nlu.understand(text);
        expect(names.has(understood.intent)).toBe(true);
        expect(understood.confidence).toBeGreaterThanOrEqual(0);
        expect(understood.confidence).toBeLessThanOrEqual(1);
        expect(['persian', 'finglish', 'english', 'mixed', 'none']).toContain(detectScript(understood.key));
      }),
      { numRuns: 400 },
    );
  });
  it('gets through a megabyte of one repeated pattern', () => {
    fc.assert(
      fc.property(megabyteText, (text) => {
        expect(Number.isFinite(nlu.understand(text).confidence)).toBe(true);
      }),
      { numRuns: 1 },
    );
  });
});
