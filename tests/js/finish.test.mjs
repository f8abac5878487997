// What the finish screen says, from what really happened in the routine.
import assert from "node:assert/strict";
import { test } from "node:test";

import { finishSummary, movedFor } from "../../static/js/player/finish.js";

test("every step done: well done, and every feeling offered", () => {
  assert.deepEqual(finishSummary({ done: 6, total: 6 }), { heading: "Well done", offerTooEasy: true });
});

test("some or none done: the count, never 'Well done'", () => {
  assert.equal(finishSummary({ done: 4, total: 6 }).heading, "You did 4 of 6 steps");
  assert.equal(finishSummary({ done: 0, total: 6 }).heading, "You did 0 of 6 steps");
  assert.equal(finishSummary({ done: 0, total: 1 }).heading, "You did 0 of 1 step");
});

test("stopped for pain: says so, and 'Too easy' is not offered", () => {
  assert.deepEqual(finishSummary({ done: 2, total: 6, stopped: true }), { heading: "Routine stopped", offerTooEasy: false });
  assert.equal(finishSummary({ done: 6, total: 6, stopped: true }).offerTooEasy, false);
});

test("time moved: never rounds a few seconds up to a minute", () => {
  assert.equal(movedFor(4000), "less than a minute");
  assert.equal(movedFor(50000), "1 minute");
  assert.equal(movedFor(12.4 * 60000), "12 minutes");
});
