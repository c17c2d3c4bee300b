export { createTurnRunner, EventsUndeliveredError, type Deliver, type EventSink, type RunOutcome, type TurnRunner, type TurnRunnerDeps } from './turn-runner.js';
