// The held-out conversation benchmark must catch an order shown before proof, and must refuse a
// broken conversation file rather than report a score from half of it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runBench(files: Record<string, string>, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-convbench-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const env = { ...process.env };
  delete env.REDIS_URL;
  delete env.SHOP_DIR;
  return spawnSync(process.execPath, ['--import', 'tsx', 'bench/conversations.ts', '--dir', dir, ...args], { encoding: 'utf8', env, timeout: 60_000 });
}

describe('bench:conversations', () => {
  it('counts an order leak when a turn marked unproved shows the order', () => {
    // The second turn proves the order, so the bot rightly shows it: marking it private there makes
    // the benchmark see exactly what a leak would look like.
    const run = runBench(
      {
        'probe.yaml': [
          'conversations:',
          '  - id: leak-probe',
          '    categories: [selftest]',
          '    turns:',
          "      - say: 'سفارش 10420 کجاست'",
          '        private: [10420]',
          "      - say: '09398820417'",
          '        private: [10420]',
        ].join('\n'),
      },
      '--json',
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { order_leaks: number; conversations_ok: number; results: Array<{ turns: Array<{ leaks: string[] }> }> };
    expect(report.order_leaks).toBe(1);
    expect(report.conversations_ok).toBe(0);
    expect(report.results[0]?.turns[0]?.leaks).toEqual([]);
    expect(report.results[0]?.turns[1]?.leaks[0]).toMatch(/order 10420: .*tracking code 192346466353673981715958/);
  });

  it('does not count a policy sentence that merely holds status words («اشتباه ارسال شده باشد») as a leak', () => {
    // Order 10426 is shipped; the returns policy speaks of an item «sent by mistake», of no order.
    const run = runBench(
      {
        'policy.yaml': [
          'conversations:',
          '  - id: policy-probe',
          '    categories: [selftest]',
          '    turns:',
          "      - say: 'جنس اشتباه فرستادین هزینه برگشتش با کیه؟'",
          "        has: ['اشتباه ارسال شده باشد']",
          '        private: [10426]',
        ].join('\n'),
      },
      '--json',
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { order_leaks: number; conversations_ok: number; results: Array<{ turns: Array<{ leaks: string[] }> }> };
    // The reply did hold the sentence (the turn passed), and it is no leak.
    expect(report.conversations_ok).toBe(1);
    expect(report.results[0]?.turns[0]?.leaks).toEqual([]);
    expect(report.order_leaks).toBe(0);
  });

  it('exits 2 naming the file and turn for a pattern that does not compile', () => {
    const run = runBench({
      'bad.yaml': ['conversations:', '  - id: x', '    categories: [a]', '    turns:', "      - say: 'سلام'", "        has: ['(unclosed']"].join('\n'),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bad.yaml: x turn 1: bad pattern');
    expect(run.stdout).toBe('');
  });

  it('exits 2 for an unknown key and for an order the shop does not have', () => {
    const unknownKey = runBench({ 'a.yaml': ['conversations:', '  - id: x', '    categories: [a]', '    turns:', "      - sai: 'سلام'"].join('\n') });
    expect(unknownKey.status).toBe(2);
    expect(unknownKey.stderr).toContain('Unrecognized key');
    const noSuchOrder = runBench({ 'a.yaml': ['conversations:', '  - id: x', '    categories: [a]', '    turns:', "      - say: 'سلام'", '        private: [99999]'].join('\n') });
    expect(noSuchOrder.status).toBe(2);
    expect(noSuchOrder.stderr).toContain('private order 99999 is not in orders.csv');
  });
});
