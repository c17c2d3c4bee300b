import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTENTS_DIR } from '../../src/nlu/index.js';
import { IntentsError, loadIntents } from '../../src/nlu/intents/index.js';

const CANONICAL = [
  'greeting', 'goodbye', 'thanks', 'product_price', 'product_availability', 'product_info', 'shipping_info',
  'order_status', 'return_policy', 'payment_methods', 'human_handoff', 'complaint',
];

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-intents-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): IntentsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IntentsError) return error;
    throw error;
  }
  throw new Error('expected an IntentsError');
}

describe('bundled intents', () => {
  it('has every canonical intent with examples and a description', () => {
    const intents = loadIntents(DEFAULT_INTENTS_DIR);
    const names = intents.map((i) => i.intent);
    for (const name of CANONICAL) expect(names).toContain(name);
    for (const i of intents) {
      expect(i.examples.length).toBeGreaterThanOrEqual(20);
      expect(i.description.length).toBeGreaterThan(10);
    }
  });
});

describe('loading errors name the file and the line', () => {
  const good = 'intent: greeting\ndescription: hello\nexamples:\n  - سلام\n  - درود\n  - salam\n';

  it('reports invalid YAML', () => {
    const dir = dirWith({ 'greeting.yaml': 'intent: greeting\ndescription: x\nexamples: [a, b\n' });
    const error = errorOf(() => loadIntents(dir));
    expect(error.file).toBe(join(dir, 'greeting.yaml'));
    expect(error.message).toMatch(/greeting\.yaml:\d+: invalid YAML/);
  });

  it('reports a bad example at its line', () => {
    const dir = dirWith({ 'greeting.yaml': 'intent: greeting\ndescription: x\nexamples:\n  - سلام\n  - ""\n  - درود\n' });
    const error = errorOf(() => loadIntents(dir));
    expect(error.line).toBe(5);
    expect(error.message).toContain('greeting.yaml:5');
  });

  it('reports a missing field and an unknown one', () => {
    expect(errorOf(() => loadIntents(dirWith({ 'greeting.yaml': 'intent: greeting\nexamples: [a, b, c]\n' }))).message).toContain(
      'description',
    );
    const typo = dirWith({ 'greeting.yaml': `${good}exmaples: [x]\n` });
    expect(errorOf(() => loadIntents(typo)).message).toContain('exmaples');
  });

  it('reports an intent name that does not match its file', () => {
    const dir = dirWith({ 'thanks.yaml': good });
    expect(errorOf(() => loadIntents(dir)).message).toMatch(/thanks\.yaml:1: intent "greeting" does not match/);
  });

  it('reports an empty or missing directory', () => {
    expect(errorOf(() => loadIntents(dirWith({}))).message).toContain('no intent files');
    expect(errorOf(() => loadIntents('/nonexistent/pasokh')).message).toContain('cannot read');
  });

  it('loads a valid directory', () => {
    const intents = loadIntents(dirWith({ 'greeting.yaml': good, 'notes.txt': 'ignored' }));
    expect(intents).toHaveLength(1);
    expect(intents[0]?.examples).toEqual(['سلام', 'درود', 'salam']);
  });
});
