export { createHandoff, HandoffError, HANDOFF_TOPIC, type Handoff, type HandoffMetrics, type HandoffOptions, type Sender, type Summary, type HandoffNotice } from './service.js';
export { createMemoryHandoffStore, createRedisHandoffStore, type HandoffStore, type QueueItem, type Assignment } from './store.js';
export { loadAgents, hashPassword, verifyPassword, DEMO_AGENT, AgentsError, type Agent } from './agents.js';
