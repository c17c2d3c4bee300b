// The HTTP client grammY calls the Bot API with. grammY's default (node-fetch: a WHATWG Request,
// Headers and Response built per call) cost about as much CPU as the rest of sending a reply; a
// JSON call needs none of it: a keep-alive node:http request with the body as a string, and the
// answer read as JSON. A body that is a stream (a file upload) goes to the platform's fetch.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

type FetchLike = (input: string | URL, init?: Record<string, any>) => Promise<unknown>;

/** What grammY reads of an answer. */
interface LeanResponse {
  readonly status: number;
  readonly ok: boolean;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

function read(res: IncomingMessage): Promise<LeanResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = res.statusCode ?? 0;
      resolve({ status, ok: status >= 200 && status < 300, json: async () => JSON.parse(text), text: async () => text });
    });
  });
}

/**
 * A fetch for grammY's `client.fetch` option: JSON calls over keep-alive node:http(s); the
 * agent grammY passes (its per-API-root keep-alive one) is used when given.
 *
 * @example new Bot(token, { client: { fetch: leanFetch() as typeof fetch } })
 */
export function leanFetch(): FetchLike {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (input, init = {}) => {
    const { body, method = 'GET', headers = {}, signal, agent } = init;
    if (body !== undefined && typeof body !== 'string') return globalThis.fetch(input, init as RequestInit);
    const url = typeof input === 'string' ? new URL(input) : input;
    const https = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method,
          agent: agent ?? (https ? agents.https : agents.http),
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
          signal,
        },
        (res) => read(res).then(resolve, reject),
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
