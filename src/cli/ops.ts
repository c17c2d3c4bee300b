// pasokh agent hash (pasokh stats lives in ./stats.ts)
import { hashPassword } from '../handoff/index.js';
import { print, stdinLines, UsageError } from './io.js';

/** Reads a password on stdin (one line) and prints its hash for AGENTS / AGENTS_FILE. */
export async function agentCommand(action: string | undefined): Promise<number> {
  if (action !== 'hash') throw new UsageError('pasokh agent hash   (reads the password on stdin, prints the hash for AGENTS)');
  for await (const line of stdinLines()) {
    if (!line) throw new UsageError('empty password');
    print(hashPassword(line));
    return 0;
  }
  throw new UsageError('give the password on stdin: echo "…" | pasokh agent hash');
}
