// The plan of a routine: every phase of every step (get ready, work on each side, switch sides,
// rest) with its length in seconds. Pure functions, no DOM: main.js reads the steps from the
// page and hands them in; timing.js runs the clock over the phases returned here.
//
// A step:  { name, slug, dose, mode: "hold" | "reps", work, reps, repSeconds, sides, rest, index }
// A phase: { step, kind: "ready" | "work" | "switch" | "rest", seconds, side?, last? }
// Get-ready and switch-sides lengths come from Python (player rules), never from here.

/** A step's numbers from the data-* attributes of its element (all strings). */
export function readStep(data) {
  return {
    name: data.name,
    slug: data.slug,
    dose: data.dose,
    mode: data.mode,
    work: Number(data.work),
    reps: Number(data.reps) || 0,
    repSeconds: Number(data.repSeconds) || 5,
    sides: Number(data.sides) || 1,
  };
}

/**
 * Every phase in order. `timing` is either { getReadySeconds, switchSidesSeconds }, or a
 * function (step, index) returning that step's phases as coach.js's stepPlan gives them
 * ({ kind, seconds, side?, say }: the voice's own lengths; an "end" phase is left out).
 * Returns { phases, totalSeconds, firstPhase } where firstPhase[i] is the index of step i's
 * get-ready phase.
 */
export function buildPlan(steps, timing) {
  const phasesOf = typeof timing === "function" ? timing : (step) => plainPhases(step, timing);
  const phases = [];
  const firstPhase = [];
  steps.forEach((step, i) => {
    firstPhase[i] = phases.length;
    for (const phase of phasesOf(step, i)) {
      if (phase.kind === "end") continue;
      const last = phase.kind === "work" && phase.side === step.sides;
      phases.push({ ...phase, step, ...(phase.kind === "work" ? { last } : {}) });
    }
  });
  const totalSeconds = phases.reduce((sum, p) => sum + p.seconds, 0);
  return { phases, totalSeconds, firstPhase };
}

function plainPhases(step, timing) {
  const phases = [{ kind: "ready", seconds: timing.getReadySeconds }];
  for (let side = 1; side <= step.sides; side++) {
    if (side > 1) phases.push({ kind: "switch", seconds: timing.switchSidesSeconds });
    phases.push({ kind: "work", side, seconds: step.work });
  }
  if (step.rest) phases.push({ kind: "rest", seconds: step.rest });
  return phases;
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
export function sideName(phase) {
  if (phase.step.sides < 2) return "";
  return phase.side === 1 ? "First side" : "Other side";
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
