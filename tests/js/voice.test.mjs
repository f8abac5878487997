// The spoken coach over the player's phases (static/js/player/voice.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { coachedPhases, createNarrator, easierCoach } from "../../static/js/player/voice.js";
import { PACE, routine } from "./steps.mjs";

const line = (at, text, kind) => ({ at, text, kind, seconds: 1 });
const phase = { kind: "ready", seconds: 20, say: [line(0, "Pelvic tilt, 4 times. Lie on your back.", "phase"), line(10, "Three.", "count")] };

test("each line is said once when it comes due, only the latest after a long sleep", () => {
  const said = [];
  const narrator = createNarrator((text) => said.push(text));
  narrator.enter(phase);
  narrator.update(0);
  narrator.update(5);
  assert.deepEqual(said, ["Pelvic tilt, 4 times. Lie on your back."]);
  narrator.enter({ ...phase, say: [line(0, "a", "cue"), line(2, "b", "cue"), line(4, "c", "count")] });
  narrator.update(9);
  assert.deepEqual(said.slice(1), ["c"]);
});

test("after a pause the instruction under way is said again, a count isn't", () => {
  const said = [];
  const narrator = createNarrator((text) => said.push(text));
  narrator.enter(phase);
  narrator.update(1);
  narrator.resume(3);
  assert.equal(said.length, 2);
  assert.equal(said[1], said[0]);
  narrator.update(11);
  narrator.resume(12);
  assert.deepEqual(said.slice(2), ["Three."]);
});

test("a step told in the rest before only names itself, unless reached by Back or Skip", () => {
  const steps = routine();
  const fresh = new Set();
  const prefs = { guidance: "more" };
  const phasesOf = coachedPhases(prefs, fresh, PACE);
  assert.doesNotMatch(phasesOf(steps[1], 1)[0].say[0].text, /Lie on your back/);
  fresh.add(1);
  assert.match(phasesOf(steps[1], 1)[0].say[0].text, /Lie on your back/);
  assert.equal(phasesOf(steps[1], 1)[0].seconds, steps[1].phases.more.readyFresh.seconds);
  // The guidance is read each time: "just the counts" from the next Start.
  prefs.guidance = "counts";
  assert.equal(phasesOf(steps[1], 1)[0].say[0].text, "Pelvic tilt, 5 times.");
});

test("the easier version keeps the step's rest and what comes next", () => {
  const coach = { rest: 20, next: { name: "X" }, easier: { name: "Easier", phases: { more: {} } } };
  assert.deepEqual(easierCoach(coach), { name: "Easier", phases: { more: {} }, rest: 20, next: { name: "X" }, easier: null });
});
