// What the finish screen says, from what really happened in the routine.
import assert from "node:assert/strict";
import { test } from "node:test";

import { finishScreen, finishSummary, movedFor } from "../../static/js/player/finish.js";
import { WORDS } from "./steps.mjs";

const words = WORDS.player;

test("every step done: well done, and every feeling offered", () => {
  assert.deepEqual(finishSummary({ done: 6, total: 6 }, words), { heading: "Well done", offerTooEasy: true });
});

test("some or none done: the count, never 'Well done'", () => {
  assert.equal(finishSummary({ done: 4, total: 6 }, words).heading, "You did 4 of 6 steps");
  assert.equal(finishSummary({ done: 0, total: 6 }, words).heading, "You did 0 of 6 steps");
  assert.equal(finishSummary({ done: 0, total: 1 }, words).heading, "You did 0 of 1 step");
});

test("stopped for pain: says so, and 'Too easy' is not offered", () => {
  assert.deepEqual(finishSummary({ done: 2, total: 6, stopped: true }, words), { heading: "Routine stopped", offerTooEasy: false });
  assert.equal(finishSummary({ done: 6, total: 6, stopped: true }, words).offerTooEasy, false);
});

test("time moved: never rounds a few seconds up to a minute", () => {
  assert.equal(movedFor(4000, words), "less than a minute");
  assert.equal(movedFor(50000, words), "1 minute");
  assert.equal(movedFor(12.4 * 60000, words), "12 minutes");
});

test("the finish screen: what was done, for how long, and each 'This hurts' in its own words", () => {
  const rules = {
    numbnessLevel: "stop-routine",
    advice: { "do-less": { heading: "Do less" }, "stop-routine": { heading: "Stop now" } },
    restAdvice: { "do-less": { heading: "Rest easier" } },
  };
  const events = [{ type: "hurt", step: 2, pain: 6, start: 3, level: "do-less" }];
  const told = finishScreen({ rules, done: 2, total: 3, stopped: false, events, restSteps: new Set([2]), activeMs: 95_000, words });
  assert.deepEqual(told, {
    heading: "You did 2 of 3 steps",
    offerTooEasy: true,
    stopped: false,
    numbness: false,
    hurtLines: ["Step 2: pain 6 (you started at 3). Rest easier."],
    movedFor: "2 minutes",
    steps: "2 of 3",
  });
  const numb = finishScreen({ rules, done: 0, total: 3, stopped: true, events: [{ type: "hurt", step: 1, pain: null, start: null, level: "stop-routine" }], restSteps: new Set(), activeMs: 0, words });
  assert.equal(numb.numbness, true);
  assert.equal(numb.offerTooEasy, false);
});
