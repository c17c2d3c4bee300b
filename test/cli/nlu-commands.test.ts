import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/pasokh.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function pasokh(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pasokh-cli-')), name);
  writeFileSync(file, text);
  return file;
}

describe('pasokh normalize', () => {
  it('writes one display-form line per input line', async () => {
    const run = await pasokh(['normalize'], 'مي خوام كتاب ها رو\n\nسلاااام ، خوبی ?\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('می\u200Cخوام کتاب\u200Cها رو\n\nسلام، خوبی?\n');
  });
  it('writes the matching key with --key', async () => {
    const run = await pasokh(['normalize', '--key'], 'می‌خوام ۲تا\n');
    expect(run.stdout).toBe('میخوام 2 تا\n');
  });
});

describe('pasokh classify', () => {
  it('prints the understanding as JSON', async () => {
    const run = await pasokh(['classify', 'سلام، سفارش ۱۰۴۵۲ کجاست؟']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.normalized).toBe('سلام، سفارش ۱۰۴۵۲ کجاست؟');
    expect(result.intent).toBe('order_status');
    expect(result.confidence).toBeGreaterThan(0.4);
    expect(result.alternatives[0].intent).toBe('order_status');
    expect(result.entities).toContainEqual(expect.objectContaining({ type: 'order_number', value: '10452' }));
  });
  it('refuses a missing text with usage and exit code 2', async () => {
    const run = await pasokh(['classify']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage:');
  });
});

describe('pasokh intents --json', () => {
  it('prints the training data', async () => {
    const run = await pasokh(['intents', '--json']);
    const intents = JSON.parse(run.stdout) as Array<{ intent: string; examples: string[] }>;
    expect(intents.map((i) => i.intent)).toContain('product_price');
    expect(intents.every((i) => i.examples.length > 0)).toBe(true);
  });
  it('names the broken file and line of a custom intents directory', async () => {
    const file = tempFile('greeting.yaml', 'intent: greeting\ndescription: x\nexamples:\n  - سلام\n  - 12\n  - درود\n');
    const run = await pasokh(['intents', '--intents', join(file, '..')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('greeting.yaml:5');
  });
});

describe('pasokh eval', () => {
  const lines = [
    { text: 'قیمتش چنده؟', intent: 'product_price' },
    { text: 'سفارشم کی میرسه؟', intent: 'order_status' },
    { text: 'موجودی کارت هدیه‌م چقدره؟', intent: 'gift_card_balance' },
    { text: 'مرسی', intent: 'thanks' },
  ];
  const data = tempFile('data.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));

  it('prints accuracy, macro-F1 and n as JSON; an unknown intent counts as wrong', async () => {
    const run = await pasokh(['eval', '--data', data, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.n).toBe(4);
    expect(result.accuracy).toBeLessThanOrEqual(0.75);
    expect(result.per_intent.find((s: { intent: string }) => s.intent === 'gift_card_balance').recall).toBe(0);
    expect(result).toHaveProperty('macro_f1');
  });
  it('prints a readable report', async () => {
    const run = await pasokh(['eval', '--data', data]);
    expect(run.stdout).toMatch(/accuracy\s+\d+\.\d%/);
    expect(run.stdout).toContain('gift_card_balance');
    expect(run.stdout).toContain('unknown to the model');
  });
  it('reports bad lines with their numbers', async () => {
    const bad = tempFile('bad.jsonl', '{"text": "سلام", "intent": "greeting"}\nnot json\n{"text": "x"}\n');
    const run = await pasokh(['eval', '--data', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.jsonl:2: not valid JSON');
    expect(run.stderr).toContain('bad.jsonl:3: expected');
  });
});
