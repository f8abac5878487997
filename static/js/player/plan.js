// The plan of a routine: every phase of every step (get ready, work on each side, switch sides,
// rest) in order, with where each step starts, progress and where Back goes. Pure functions,
// no DOM: timing.js runs the clock over the phases returned here.
//
// A step:  an item of the #player-steps-data JSON with its `index` (mode, reps, repSeconds, sides)
// A phase: { step, kind: "ready" | "work" | "switch" | "rest", seconds, side?, last?, say? }
// Every length comes from Python (exercises/pacing.py) through coach.js's stepPlan, never from here.

/**
 * Every phase in order. `phasesOf(step, index)` gives a step's phases as coach.js's stepPlan
 * does ({ kind, seconds, side?, say }). Returns { phases, totalSeconds, firstPhase } where
 * firstPhase[i] is the index of step i's get-ready phase.
 */
export function buildPlan(steps, phasesOf) {
  const phases = [];
  const firstPhase = [];
  steps.forEach((step, i) => {
    firstPhase[i] = phases.length;
    for (const phase of phasesOf(step, i)) {
      const last = phase.kind === "work" && phase.side === step.sides;
      phases.push({ ...phase, step, ...(phase.kind === "work" ? { last } : {}) });
    }
  });
  const totalSeconds = phases.reduce((sum, p) => sum + p.seconds, 0);
  return { phases, totalSeconds, firstPhase };
}

/** How far through the whole routine (0–100, whole percent) with `left` seconds of phase `index` to go. */
export function percentDone(plan, index, left) {
  if (!plan.totalSeconds) return 100;
  const before = plan.phases.slice(0, index).reduce((sum, p) => sum + p.seconds, 0);
  const phase = plan.phases[index];
  const fraction = Math.min(1, (before + phase.seconds - Math.max(0, left)) / plan.totalSeconds);
  return Math.round(fraction * 100);
}

/** The repetition under way (1-based) in a repetitions phase with `left` seconds to go. */
export function repetitionAt(phase, left) {
  const elapsed = phase.seconds - left;
  return Math.min(phase.step.reps, Math.floor(elapsed / phase.step.repSeconds) + 1);
}

/** "First side" / "Other side" for a two-sided work phase, "" otherwise: the words the voice
 * says, since either side may come first. */
export function sideName(phase, words) {
  if (phase.step.sides < 2) return "";
  return phase.side === 1 ? words.firstSide : words.otherSide;
}

/** The words over the timer for `phase`, from the player's `words`. */
export function phaseLabel(phase, words) {
  if (phase.kind === "ready") return phase.positionChanged ? words.getIntoPosition : words.getReady;
  if (phase.kind === "work") return sideName(phase, words) || (phase.step.mode === "hold" ? words.hold : words.go);
  if (phase.kind === "switch") return words.switchSides;
  return words.rest;
}

/**
 * Where Back goes: within the first couple of seconds of a step's get-ready it goes to the step
 * before; later it restarts the step. `leftMs` is what remains of phase `index`.
 */
export function stepForBack(plan, index, leftMs) {
  const step = plan.phases[index].step;
  const ready = plan.phases[plan.firstPhase[step.index]].seconds;
  const atStepStart = index === plan.firstPhase[step.index] && leftMs > (ready - 2) * 1000;
  return atStepStart ? step.index - 1 : step.index;
}
