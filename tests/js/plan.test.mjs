// The plan of a routine: phases, lengths, progress and where Back goes.
import assert from "node:assert/strict";
import { test } from "node:test";

import { buildPlan, percentDone, readStep, repetitionAt, sideName, stepForBack } from "../../static/js/player/plan.js";

const timing = { getReadySeconds: 3, switchSidesSeconds: 5 };
const hold = { name: "Hold", slug: "hold", dose: "20 s", mode: "hold", work: 20, reps: 0, repSeconds: 5, sides: 1, rest: 10, index: 0 };
const reps = { name: "Reps", slug: "reps", dose: "4 each side", mode: "reps", work: 20, reps: 4, repSeconds: 5, sides: 2, rest: 0, index: 1 };

test("a step's numbers come from its data attributes, with defaults", () => {
  const step = readStep({ name: "A", slug: "a", dose: "5", mode: "reps", work: "25", reps: "5", repSeconds: "", sides: "" });
  assert.deepEqual(step, { name: "A", slug: "a", dose: "5", mode: "reps", work: 25, reps: 5, repSeconds: 5, sides: 1 });
});

test("every step gets ready, works each side with a switch between, then rests", () => {
  const plan = buildPlan([hold, reps], timing);
  assert.deepEqual(
    plan.phases.map((p) => [p.kind, p.seconds]),
    [["ready", 3], ["work", 20], ["rest", 10], ["ready", 3], ["work", 20], ["switch", 5], ["work", 20]]
  );
  assert.equal(plan.totalSeconds, 81);
  assert.deepEqual(plan.firstPhase, [0, 3]);
  assert.deepEqual(plan.phases.filter((p) => p.last).map((p) => p.step.slug), ["hold", "reps"]);
});

test("the get-ready and switch lengths are whatever the rules say", () => {
  const plan = buildPlan([reps], { getReadySeconds: 9, switchSidesSeconds: 1 });
  assert.equal(plan.phases[0].seconds, 9);
  assert.equal(plan.phases[2].seconds, 1);
});

test("progress counts the phases before and the part of this one done", () => {
  const plan = buildPlan([hold, reps], timing);
  assert.equal(percentDone(plan, 0, 3), 0);
  assert.equal(percentDone(plan, 1, 0), Math.round((23 / 81) * 100));
  assert.equal(percentDone(plan, 6, 0), 100);
});

test("repetitions count up at the exercise's pace and stop at the last", () => {
  const phase = buildPlan([reps], timing).phases[1];
  assert.equal(repetitionAt(phase, 20), 1);
  assert.equal(repetitionAt(phase, 15), 2);
  assert.equal(repetitionAt(phase, 0), 4);
  assert.equal(sideName(phase), "First side");
  assert.equal(sideName(buildPlan([hold], timing).phases[1]), "");
});

test("Back early in a step goes to the step before; later it restarts the step", () => {
  const plan = buildPlan([hold, reps], timing);
  assert.equal(stepForBack(plan, 3, 2900), 0);
  assert.equal(stepForBack(plan, 3, 500), 1);
  assert.equal(stepForBack(plan, 4, 19000), 1);
});
