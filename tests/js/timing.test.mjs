// The routine's clock, with time moved by hand.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createClock, formatClock } from "../../static/js/player/timing.js";

function fakeTime(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}
const phases = [{ seconds: 3 }, { seconds: 10 }, { seconds: 5 }];

test("the clock shows minutes and seconds, rounding up", () => {
  assert.equal(formatClock(0), "0:00");
  assert.equal(formatClock(2.1), "0:03");
  assert.equal(formatClock(75), "1:15");
  assert.equal(formatClock(-4), "0:00");
});

test("phases follow one another on the wall clock", () => {
  const time = fakeTime();
  const clock = createClock(phases, time.now);
  clock.start();
  assert.equal(clock.current, 0);
  time.advance(2999);
  assert.deepEqual(clock.tick(), []);
  time.advance(1);
  assert.deepEqual(clock.tick(), [{ completed: 0, entered: 1 }]);
  assert.equal(clock.secondsLeft(), 10);
});

test("a phone that slept catches up through every phase that ended meanwhile", () => {
  const time = fakeTime();
  const clock = createClock(phases, time.now);
  clock.start();
  time.advance(14_000);
  assert.deepEqual(clock.tick(), [{ completed: 0, entered: 1 }, { completed: 1, entered: 2 }]);
  assert.equal(clock.secondsLeft(), 4);
  time.advance(10_000);
  assert.deepEqual(clock.tick(), [{ completed: 2, entered: -1 }]);
  assert.equal(clock.current, -1);
});

test("pausing holds the time left and leaves pauses out of the active time", () => {
  const time = fakeTime();
  const clock = createClock(phases, time.now);
  clock.start();
  time.advance(1000);
  clock.pause();
  time.advance(60_000);
  assert.deepEqual(clock.tick(), []);
  assert.equal(clock.secondsLeft(), 2);
  clock.resume();
  time.advance(2000);
  assert.deepEqual(clock.tick(), [{ completed: 0, entered: 1 }]);
  assert.equal(clock.activeMs, 3000);
});

test("jumping to a phase starts it afresh", () => {
  const time = fakeTime();
  const clock = createClock(phases, time.now);
  clock.start();
  clock.enter(2);
  assert.equal(clock.current, 2);
  assert.equal(clock.secondsLeft(), 5);
});
