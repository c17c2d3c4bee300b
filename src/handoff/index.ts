export { createHandoff, HandoffError, HANDOFF_TOPIC, type Handoff, type HandoffMetrics, type HandoffOptions, type Sender, type Summary, type HandoffNotice } from './service.js';
export { createMemoryHandoffStore, createRedisHandoffStore, type HandoffStore, type HandoffStoreOptions, type QueueItem, type Assignment, type Forgotten } from './store.js';
export { loadAgents, hashPassword, verifyPassword, dummyHash, accountVersion, isAdmin, DEMO_AGENT, ROLES, AgentsError, type Agent, type Role } from './agents.js';
export { createMemorySessionStore, createRedisSessionStore, type SessionStore, type SessionRecord } from './sessions.js';
export { createMemoryDirectory, createRedisDirectory, directoryMiddleware, type ConversationDirectory, type DirectoryEntry, type CustomerCard, type ClosedRecord } from './directory.js';
export { createPresence, PRESENCE_BEAT_MS, type Presence } from './presence.js';
