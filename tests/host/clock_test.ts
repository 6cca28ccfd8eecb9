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
