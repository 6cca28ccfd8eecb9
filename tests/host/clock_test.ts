/**
 * lib/host/clock.ts: an absolute realtime deadline (poll_oneoff with
 * SUBSCRIPTION_CLOCK_ABSTIME on CLOCK_REALTIME) maps onto the monotonic clock
 * the waits use by the clocks' fixed offset alone. Computed from two clock
 * reads instead, a deadline came early by whatever preempted the thread
 * between them (a full-suite run saw "realtime-absolute waited=too-short").
 */
import assert from "node:assert/strict";
import { monotonicMs, realtimeNs, realtimeToMonotonicMs } from "../../lib/host/clock.ts";

Deno.test("a realtime instant maps onto the monotonic clock where it was read", () => {
  for (let i = 0; i < 100; i++) {
    const before = monotonicMs();
    const mapped = realtimeToMonotonicMs(realtimeNs());
    const after = monotonicMs();
    assert.ok(before <= mapped && mapped <= after, `${before} <= ${mapped} <= ${after}`);
  }
});

Deno.test("a realtime deadline's mapping does not depend on when it is made", () => {
  const before = monotonicMs();
  const deadline = realtimeNs() + 50_000_000n;
  const first = realtimeToMonotonicMs(deadline);
  const after = monotonicMs();
  const until = after + 20; // time passes (as a preemption would) before the second
  while (monotonicMs() < until) { /* busy: no timer needed */ }
  assert.equal(realtimeToMonotonicMs(deadline), first);
  // 50 ms after it was asked (bounds read around it: a preemption in between widens them).
  assert.ok(
    before + 49 <= first && first <= after + 51,
    `${before} + 50 <= ${first} <= ${after} + 50`,
  );
});

/** Busy for `ms` of the monotonic clock: the realtime clock looks at the wall clock once a ms. */
function pass(ms: number): void {
  const until = monotonicMs() + ms;
  while (monotonicMs() < until) { /* busy */ }
}

Deno.test("the realtime clock follows a step of the wall clock, as CLOCK_REALTIME does", () => {
  // A suspend and resume, or the clock set: it kept the offset taken at its first read (a
  // helper's guest under libfaketime stepped from 2030 to 2040 and still read 2030).
  const wall = Date.now;
  const offsetMs = () => Number(realtimeNs()) / 1e6 - monotonicMs();
  pass(2);
  const before = offsetMs();
  try {
    Date.now = () => wall() + 3_600_000;
    pass(2);
    const stepped = offsetMs() - before;
    assert.ok(Math.abs(stepped - 3_600_000) < 5, `stepped by ${stepped} ms`);
    // A wall clock a few ms off the realtime one is rounding, not a step: no jitter.
    Date.now = () => wall() + 3_600_004;
    pass(2);
    const again = offsetMs() - before - stepped;
    assert.ok(Math.abs(again) < 1, `followed a 4 ms difference: ${again}`);
  } finally {
    Date.now = wall;
  }
  pass(2);
  assert.ok(Math.abs(offsetMs() - before) < 5, "did not step back");
});
