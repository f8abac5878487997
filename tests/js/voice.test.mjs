// The spoken coach over the player's phases (static/js/player/voice.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { coachedPhases, createNarrator, easierCoach } from "../../static/js/player/voice.js";

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

const step = (position, extra = {}) => ({
  coach: {
    name: "Pelvic tilt", dose: "4 times", kind: "exercise", position, mode: "reps", hold: null, reps: 4, repSeconds: 5,
    sides: 1, rest: 15, next: { name: "Next one", setup: "Roll to your side.", position }, easier: null,
    spoken: { name: "Pelvic tilt", setup: "Lie on your back.", cues: ["Small."], breathing: "Breathe out.", switchSides: "" },
    ...extra,
  },
});
const timing = { getReadySeconds: 3, switchSidesSeconds: 5, moveSeconds: 4, positionChangeSeconds: 12 };

test("a step told in the rest before only names itself, unless reached by Back or Skip", () => {
  const steps = [step("lying"), step("lying")];
  const fresh = new Set();
  const phasesOf = coachedPhases(steps, { guidance: "more" }, timing, fresh);
  assert.doesNotMatch(phasesOf(steps[1], 1)[0].say[0].text, /Lie on your back/);
  fresh.add(1);
  assert.match(phasesOf(steps[1], 1)[0].say[0].text, /Lie on your back/);
  assert.match(phasesOf(steps[0], 0)[0].say[0].text, /Lie on your back/);
  // The first step is always a new position: time to get down to the floor.
  assert.ok(phasesOf(steps[0], 0)[0].seconds >= 12 + 3);
});

test("the easier version keeps the step's rest and what comes next", () => {
  const coach = { rest: 20, next: { name: "X" }, easier: { name: "Easier", rest: 0, next: null } };
  assert.deepEqual(easierCoach(coach), { name: "Easier", rest: 20, next: { name: "X" }, easier: null });
});
