// The console's sign-in for the other pages under /agent (insights, review): a route mounted
// through AgentApi needs a session, its state changes the CSRF header, and an adminOnly route
// refuses an agent.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mountAgentConsole } from '../../adapters/agent/index.js';
import { CHANNELS } from '../../compose/channels.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../src/server/serve.js';
import { testConfig } from '../support/server.js';
import { signIn } from './support.js';

let server: Running;
beforeAll(async () => {
  const config = testConfig({ AGENTS: `maryam:${hashPassword('s3cret-m')},boss:${hashPassword('s3cret-b')}:admin` });
  server = await startServer(config, {
    channels: CHANNELS,
    surfaces: [
      (s, app) =>
        mountAgentConsole(s, app, {
          secret: 'agent-api-test',
          pages: [
            (_s, api) => {
              api.signedIn((r) => void r.post('/agent/api/probe/hello', async (request) => ({ hello: request.agent!.id })));
              api.adminOnly((r) => void r.get('/agent/api/probe/secret', async (request) => ({ admin: request.agent!.id })));
            },
          ],
        }),
    ],
  });
}, 60_000);
afterAll(async () => server?.stop());

it('puts other pages\' routes behind the console\'s session, CSRF and admin checks', async () => {
  expect((await fetch(`${server.url}/agent/api/probe/secret`)).status).toBe(401);
  const maryam = await signIn(server.url, 'maryam', 's3cret-m');
  const boss = await signIn(server.url, 'boss', 's3cret-b');
  expect(await (await maryam.post('/agent/api/probe/hello')).json()).toEqual({ hello: 'maryam' });
  const noCsrf = await fetch(`${server.url}/agent/api/probe/hello`, { method: 'POST', headers: { cookie: maryam.cookie, 'content-type': 'application/json' }, body: '{}' });
  expect(noCsrf.status).toBe(403);
  expect((await maryam.get('/agent/api/probe/secret')).status).toBe(403);
  expect(await (await boss.get('/agent/api/probe/secret')).json()).toEqual({ admin: 'boss' });
});
