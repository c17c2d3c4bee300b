import { createInterface } from 'node:readline';

/** Lines of standard input, as they arrive. */
export async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

export const print = (text: string) => process.stdout.write(`${text}\n`);
export const printError = (text: string) => process.stderr.write(`${text}\n`);

export { UsageError } from '../errors.js';
