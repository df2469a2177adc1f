import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DisputeLevel, Outcome } from './catalogue';
import {
  availableCommands,
  type DisputeCommand,
  type DisputeFacts,
  type DisputeState,
  initialState,
  isSingleStep,
  transition,
} from './dispute-machine';

/** The system under test: a ledger entry as the service keeps it (state, version, timeline). */
class Entry {
  state: DisputeState;
  version = 1;
  events: { command: DisputeCommand; from: DisputeState; to: DisputeState }[] = [];
  facts: DisputeFacts;
  constructor(
    level: DisputeLevel,
    readonly initial: DisputeState = initialState(level),
    hasEnterpriseParty = false,
  ) {
    this.state = initial;
    this.facts = { hasEnterpriseParty, hasAgreement: false, pendingFollowups: 0 };
  }
  apply(c: DisputeCommand): boolean {
    const r = transition(this.state, c, this.facts);
    if (!r.ok) return false;
    this.events.push({ command: c, from: r.from, to: r.state });
    this.state = r.state;
    this.version += 1;
    return true;
  }
}

/** An independent model of the rules, written as plain conditions rather than a switch. */
interface Model {
  status: string;
  level: number;
  track: string;
  maxLevel: number;
  outcome: string | null;
  enterprise: boolean;
  agreement: boolean;
  pending: number;
  accepted: number;
}

const outcomes: Outcome[] = ['success', 'partial', 'failed', 'withdrawn'];

function modelAccepts(m: Model, c: DisputeCommand): boolean {
  const open = m.status === 'open';
  const standard = m.track === 'standard';
  switch (c.kind) {
    case 'escalate':
      return open && standard && m.level < 3;
    case 'deescalate':
      return open && standard && m.level > 1;
    case 'refer_commercial':
      return open && standard && m.enterprise;
    case 'return_standard':
      return open && !standard;
    case 'record_outcome':
      return open && (c.outcome !== 'success' || m.agreement);
    case 'close':
      return m.status === 'resolved' && m.pending === 0;
    case 'reopen':
      return m.status === 'resolved' || m.status === 'closed';
  }
}

function modelApply(m: Model, c: DisputeCommand): void {
  if (!modelAccepts(m, c)) return;
  m.accepted += 1;
  if (c.kind === 'escalate') {
    m.level += 1;
    m.maxLevel = Math.max(m.maxLevel, m.level);
  } else if (c.kind === 'deescalate') m.level -= 1;
  else if (c.kind === 'refer_commercial') m.track = 'commercial';
  else if (c.kind === 'return_standard') m.track = 'standard';
  else if (c.kind === 'record_outcome') {
    m.outcome = c.outcome;
    m.status = { success: 'resolved', partial: 'resolved', failed: 'failed', withdrawn: 'withdrawn' }[c.outcome];
  } else if (c.kind === 'close') m.status = 'closed';
  else if (c.kind === 'reopen') {
    m.status = 'open';
    m.outcome = null;
  }
}

function replay(initial: DisputeState, events: Entry['events'], facts: DisputeFacts[]): DisputeState {
  let s = initial;
  events.forEach((e, i) => {
    const r = transition(
      s,
      e.command,
      facts[i] ?? { hasEnterpriseParty: true, hasAgreement: true, pendingFollowups: 0 },
    );
    if (!r.ok) throw new Error(`timeline does not replay at event ${i}: ${r.error}`);
    s = r.state;
  });
  return s;
}

const commandArb: fc.Arbitrary<DisputeCommand> = fc.oneof(
  fc.constantFrom<DisputeCommand>(
    { kind: 'escalate', reason: 'beyond the village' },
    { kind: 'deescalate', reason: 'back to the village' },
    { kind: 'refer_commercial', reason: 'enterprise dispute' },
    { kind: 'return_standard', reason: 'studio returns it' },
    { kind: 'close' },
    { kind: 'reopen', reason: 'relapse at follow-up' },
  ),
  fc.constantFrom(...outcomes).map((outcome): DisputeCommand => ({ kind: 'record_outcome', outcome })),
);

/** Model-based test: random command sequences against the model, with the facts changing in between. */
type Step = { t: 'command'; c: DisputeCommand } | { t: 'agreement'; v: boolean } | { t: 'followups'; n: number };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: commandArb.map((c): Step => ({ t: 'command', c })) },
  { weight: 1, arbitrary: fc.boolean().map((v): Step => ({ t: 'agreement', v })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map((n): Step => ({ t: 'followups', n })) },
);

describe('dispute state machine', () => {
  it('agrees with an independent model on every sequence of commands', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<DisputeLevel>(1, 2, 3),
        fc.boolean(),
        fc.array(stepArb, { maxLength: 60 }),
        (level, enterprise, steps) => {
          const real = new Entry(level, undefined, enterprise);
          const model: Model = {
            status: 'open',
            level,
            track: 'standard',
            maxLevel: level,
            outcome: null,
            enterprise,
            agreement: false,
            pending: 0,
            accepted: 0,
          };
          const factsAt: DisputeFacts[] = [];
          for (const step of steps) {
            if (step.t === 'agreement') {
              real.facts = { ...real.facts, hasAgreement: step.v };
              model.agreement = step.v;
              continue;
            }
            if (step.t === 'followups') {
              real.facts = { ...real.facts, pendingFollowups: step.n };
              model.pending = step.n;
              continue;
            }
            const expected = modelAccepts(model, step.c);
            const facts = real.facts;
            expect(real.apply(step.c)).toBe(expected);
            if (expected) factsAt.push(facts);
            modelApply(model, step.c);
            expect(real.state).toEqual({
              status: model.status,
              level: model.level,
              track: model.track,
              maxLevel: model.maxLevel,
              outcome: model.outcome,
            });
            // Commands offered to the UI are exactly those the machine accepts.
            const offered = availableCommands(real.state, real.facts);
            for (const k of ['escalate', 'deescalate', 'refer_commercial', 'return_standard', 'close'] as const) {
              const probe = (k === 'close' ? { kind: k } : { kind: k, reason: 'x' }) as DisputeCommand;
              expect(offered.includes(k)).toBe(modelAccepts(model, probe));
            }
          }
          // Nothing lost: one event per accepted command, each a single step, and the timeline replays to the state.
          expect(real.version).toBe(1 + model.accepted);
          expect(real.events).toHaveLength(model.accepted);
          for (const e of real.events) expect(isSingleStep(e.from, e.to)).toBe(true);
          expect(replay(real.initial, real.events, factsAt)).toEqual(real.state);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never skips a level: the levels a dispute passes through are contiguous', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 80 }), (commands) => {
        const e = new Entry(1, undefined, true);
        e.facts.hasAgreement = true;
        const seen = [e.state.level];
        for (const c of commands) if (e.apply(c)) seen.push(e.state.level);
        for (let i = 1; i < seen.length; i++)
          expect(Math.abs((seen[i] ?? 0) - (seen[i - 1] ?? 0))).toBeLessThanOrEqual(1);
        const visited = new Set(seen);
        for (let l = 1; l <= e.state.maxLevel; l++) expect(visited.has(l as DisputeLevel)).toBe(true);
      }),
    );
  });

  it('refuses with a reason and changes nothing', () => {
    const s = initialState(1);
    const facts = { hasEnterpriseParty: false, hasAgreement: false, pendingFollowups: 0 };
    expect(transition(s, { kind: 'deescalate', reason: 'x' }, facts)).toMatchObject({
      ok: false,
      error: 'bottom_level',
    });
    expect(transition(s, { kind: 'escalate', reason: ' ' }, facts)).toMatchObject({
      ok: false,
      error: 'reason_required',
    });
    expect(transition(s, { kind: 'refer_commercial', reason: 'x' }, facts)).toMatchObject({
      ok: false,
      error: 'no_enterprise_party',
    });
    expect(transition(s, { kind: 'record_outcome', outcome: 'success' }, facts)).toMatchObject({
      ok: false,
      error: 'agreement_required',
    });
    expect(s).toEqual(initialState(1));
  });
});

// ---------------------------------------------------------------- concurrency

/** A FIFO lock, like a row lock taken with SELECT … FOR UPDATE. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release: () => void = () => undefined;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

type Outcome2 = { ok: true; version: number } | { ok: false; error: string; at: DisputeState; command: DisputeCommand };

/**
 * The service's write path against an asynchronous store: lock the row, read
 * it, check the version the client saw (when it sent one), apply the
 * transition, write version + 1, unlock. Every await is a point where the
 * scheduler may run another request. `locked: false` is the naive
 * read-modify-write without the row lock, to show the test catches it.
 */
class AsyncStore {
  row = { state: initialState(1), version: 1 };
  events: { command: DisputeCommand; from: DisputeState; to: DisputeState; version: number }[] = [];
  private readonly mutex = new Mutex();
  readonly facts: DisputeFacts = { hasEnterpriseParty: true, hasAgreement: true, pendingFollowups: 0 };
  constructor(
    private readonly s: fc.Scheduler,
    private readonly locked = true,
  ) {}

  async read(): Promise<{ state: DisputeState; version: number }> {
    return this.s.schedule(Promise.resolve({ ...this.row }));
  }

  async command(c: DisputeCommand, expectedVersion?: number): Promise<Outcome2> {
    // Waiting for the lock is not a scheduled step: the holder's own steps must be able to run meanwhile.
    const release = this.locked ? await this.mutex.acquire() : () => undefined;
    try {
      const cur = await this.s.schedule(Promise.resolve({ ...this.row }));
      if (expectedVersion !== undefined && cur.version !== expectedVersion)
        return { ok: false, error: 'stale', at: cur.state, command: c };
      const r = transition(cur.state, c, this.facts);
      if (!r.ok) return { ok: false, error: r.error, at: cur.state, command: c };
      await this.s.schedule(Promise.resolve());
      this.row = { state: r.state, version: cur.version + 1 };
      this.events.push({ command: c, from: cur.state, to: r.state, version: cur.version + 1 });
      return { ok: true, version: cur.version + 1 };
    } finally {
      release();
    }
  }
}

interface Client {
  commands: DisputeCommand[];
  optimistic: boolean;
}
const clientArb: fc.Arbitrary<Client> = fc.record({
  commands: fc.array(commandArb, { minLength: 1, maxLength: 4 }),
  optimistic: fc.boolean(),
});

async function runClients(store: AsyncStore, clients: Client[]): Promise<Outcome2[]> {
  const results: Outcome2[] = [];
  await Promise.all(
    clients.map(async (cl) => {
      for (const c of cl.commands) {
        const seen = cl.optimistic ? await store.read() : null;
        results.push(await store.command(c, seen?.version));
      }
    }),
  );
  return results;
}

function serialCheck(store: AsyncStore, results: Outcome2[]): void {
  const accepted = results.filter((r) => r.ok).length;
  // Nothing lost: every acknowledged command is one version step and one timeline event.
  expect(store.row.version).toBe(1 + accepted);
  expect(store.events).toHaveLength(accepted);
  // The final state is the serial application of the accepted commands in commit order.
  let s = initialState(1);
  store.events.forEach((e, i) => {
    expect(e.from).toEqual(s);
    expect(e.version).toBe(i + 2);
    const r = transition(s, e.command, store.facts);
    expect(r.ok).toBe(true);
    if (r.ok) s = r.state;
    expect(isSingleStep(e.from, e.to)).toBe(true);
  });
  expect(store.row.state).toEqual(s);
  // Each refusal was right for the state the command met under the lock.
  for (const r of results) {
    if (!r.ok && r.error !== 'stale')
      expect(transition(r.at, r.command, store.facts)).toMatchObject({ ok: false, error: r.error });
  }
}

describe('dispute state machine under concurrent commands', () => {
  it('serialises concurrent commands: the result equals one serial order, nothing skipped or lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(clientArb, { minLength: 2, maxLength: 6 }), async (s, clients) => {
        const store = new AsyncStore(s, true);
        const results = await s.waitFor(runClients(store, clients));
        serialCheck(store, results);
      }),
      { numRuns: 300 },
    );
  });

  it('would lose updates without the row lock (the property has teeth)', async () => {
    const r = await fc.check(
      fc.asyncProperty(fc.scheduler(), fc.array(clientArb, { minLength: 2, maxLength: 6 }), async (s, clients) => {
        const store = new AsyncStore(s, false);
        serialCheck(store, await s.waitFor(runClients(store, clients)));
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(r.failed).toBe(true);
  });
});
