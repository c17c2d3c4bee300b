// Reads the `event: entry` messages of a Server-Sent Events body (the widget's stream, the
// console's events), for tests and the load benchmark: one reader, so both parse the stream alike.

/**
 * Calls `onEntry` with the data of each `event: entry` message until the stream ends; resolves
 * then, rejects when reading fails (an abort included).
 */
export async function readSseEntries(body: ReadableStream, onEntry: (data: string) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    for (let cut = buffer.indexOf('\n\n'); cut !== -1; cut = buffer.indexOf('\n\n')) {
      const lines = buffer.slice(0, cut).split('\n');
      buffer = buffer.slice(cut + 2);
      if (!lines.includes('event: entry')) continue;
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) onEntry(data);
    }
  }
}
