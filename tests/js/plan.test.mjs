// The plan of a routine: phases in order, progress, the label over the timer and where Back goes.
import assert from "node:assert/strict";
import { test } from "node:test";

import { buildPlan, percentDone, phaseLabel, repetitionAt, sideName, stepForBack } from "../../static/js/player/plan.js";
import { WORDS } from "./steps.mjs";

const hold = { slug: "hold", mode: "hold", reps: 0, repSeconds: 5, sides: 1, index: 0 };
const reps = { slug: "reps", mode: "reps", reps: 4, repSeconds: 5, sides: 2, index: 1 };
// Phases as coach.js's stepPlan gives them, with the lengths Python handed over.
const phasesOf = (step) =>
  step.sides === 1
    ? [{ kind: "ready", seconds: 3 }, { kind: "work", side: 1, seconds: 20 }, { kind: "rest", seconds: 10 }]
    : [
        { kind: "ready", seconds: 3, positionChanged: true },
        { kind: "work", side: 1, seconds: 20 },
        { kind: "switch", seconds: 5 },
        { kind: "work", side: 2, seconds: 20 },
      ];

test("every step gets ready, works each side with a switch between, then rests", () => {
  const plan = buildPlan([hold, reps], phasesOf);
  assert.deepEqual(
    plan.phases.map((p) => [p.kind, p.seconds]),
    [["ready", 3], ["work", 20], ["rest", 10], ["ready", 3], ["work", 20], ["switch", 5], ["work", 20]]
  );
  assert.equal(plan.totalSeconds, 81);
  assert.deepEqual(plan.firstPhase, [0, 3]);
  assert.deepEqual(plan.phases.filter((p) => p.last).map((p) => p.step.slug), ["hold", "reps"]);
});

test("progress counts the phases before and the part of this one done", () => {
  const plan = buildPlan([hold, reps], phasesOf);
  assert.equal(percentDone(plan, 0, 3), 0);
  assert.equal(percentDone(plan, 1, 0), Math.round((23 / 81) * 100));
  assert.equal(percentDone(plan, 6, 0), 100);
});

test("repetitions count up at the exercise's pace and stop at the last", () => {
  const phase = buildPlan([reps], phasesOf).phases[1];
  assert.equal(repetitionAt(phase, 20), 1);
  assert.equal(repetitionAt(phase, 15), 2);
  assert.equal(repetitionAt(phase, 0), 4);
  assert.equal(sideName(phase, WORDS.player), "First side");
  assert.equal(sideName(buildPlan([hold], phasesOf).phases[1], WORDS.player), "");
});

test("the words over the timer say what to do now", () => {
  const plan = buildPlan([hold, reps], phasesOf);
  assert.deepEqual(plan.phases.map((p) => phaseLabel(p, WORDS.player)), ["Get ready", "Hold", "Rest", "Get into position", "First side", "Switch sides", "Other side"]);
  assert.equal(phaseLabel({ kind: "work", side: 1, step: { ...reps, sides: 1 } }, WORDS.player), "Go");
});

test("Back early in a step goes to the step before; later it restarts the step", () => {
  const plan = buildPlan([hold, reps], phasesOf);
  assert.equal(stepForBack(plan, 3, 2900), 0);
  assert.equal(stepForBack(plan, 3, 500), 1);
  assert.equal(stepForBack(plan, 4, 19000), 1);
});
