// Event bus throughput: how many events per second reach a no-op handler, through the real
// publish → queue → pool → handler path, including the final drain in close().
import { performance } from 'node:perf_hooks';
import { createEventBus } from '../src/events/event-bus';
import type { Handler } from '../src/events/event-bus';

type Topics = { tick: number };

const EVENTS = 2_000_000;
const BAR = 1_000_000;
const BURST = 1000;

interface Scenario {
  name: string;
  subscribers: number;
  handler: Handler<number>;
  /** Await every publish (a producer that honours backpressure one event at a time) or one per burst. */
  awaitEach: boolean;
  gated: boolean;
}

let sink = 0;
const noop: Handler<number> = (n) => {
  sink += n;
};
const asyncNoop: Handler<number> = (n) => {
  sink += n;
  return Promise.resolve();
};

const scenarios: Scenario[] = [
  { name: '1 sync no-op handler, bursts of 1000', subscribers: 1, handler: noop, awaitEach: false, gated: true },
  { name: '1 sync no-op handler, await every publish', subscribers: 1, handler: noop, awaitEach: true, gated: true },
  { name: '4 sync no-op handlers (fan-out)', subscribers: 4, handler: noop, awaitEach: false, gated: false },
  { name: '1 async no-op handler', subscribers: 1, handler: asyncNoop, awaitEach: false, gated: false },
];

async function run(scenario: Scenario, events: number): Promise<number> {
  const bus = createEventBus<Topics>();
  for (let s = 0; s < scenario.subscribers; s++) bus.subscribe('tick', scenario.handler);
  const start = performance.now();
  if (scenario.awaitEach) {
    for (let i = 0; i < events; i++) await bus.publish('tick', i);
  } else {
    for (let i = 0; i < events; i += BURST) {
      let last: Promise<void> = Promise.resolve();
      for (let j = i; j < i + BURST && j < events; j++) last = bus.publish('tick', j);
      // Blocked publishes are admitted in order, so the burst's last one settling means all have.
      await last;
    }
  }
  await bus.close();
  const seconds = (performance.now() - start) / 1000;
  const stats = bus.stats();
  if (stats.delivered !== events * scenario.subscribers) {
    throw new Error(`${scenario.name}: delivered ${stats.delivered}, expected ${events * scenario.subscribers}`);
  }
  return events / seconds;
}

const format = (perSecond: number): string => `${(perSecond / 1e6).toFixed(2)}M events/s`;

console.log(`event bus: ${EVENTS.toLocaleString('en')} events per scenario, best of 3 (after a warm-up)`);
for (const scenario of scenarios) {
  await run(scenario, 200_000);
  let best = 0;
  for (let round = 0; round < 3; round++) best = Math.max(best, await run(scenario, EVENTS));
  const verdict = scenario.gated ? `  ${best >= BAR ? 'PASS' : 'MISS'} (bar ≥ ${format(BAR)})` : '';
  console.log(`  ${scenario.name.padEnd(44)} ${format(best).padStart(18)}${verdict}`);
}
if (sink === -1) console.log('unreachable: keeps the handlers from being optimised away');
