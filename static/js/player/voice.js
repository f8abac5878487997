// The spoken coach in the player: which phases each step has (coach.js's stepPlan, with the
// voice's own lengths) and saying each phase's lines as its clock runs. main.js hands in the
// steps, each carrying `coach`, its item of the #player-steps-data JSON.
import { Prompter, positionChangedAt, stepPlan } from "./coach.js";

/**
 * A function (step, index) -> phases for plan.js's buildPlan. `prefs.guidance` is read each
 * time ("more" or "counts"); `timing` is the player rules' base times; steps in `fresh` were
 * reached by Back, Skip or carrying on, so their get-ready says how to get into position in full.
 */
export function coachedPhases(steps, prefs, timing, fresh) {
  const coachData = steps.map((s) => s.coach);
  return (step, index) => {
    const before = steps[index - 1];
    // The rest before a step says how to get into it, with full guidance.
    const introduced =
      !fresh.has(index) && prefs.guidance === "more" && Boolean(before && before.coach.rest > 0 && before.coach.next);
    return stepPlan(step.coach, prefs.guidance, { introduced, positionChanged: positionChangedAt(coachData, index), timing });
  };
}

/** Says each phase's lines when they come due: enter(phase) on each new phase, then
 * update(elapsedSeconds) on every tick. Only the latest of several due lines is said (after
 * the phone slept), so nothing piles up. `say(text, kind)` speaks and announces. */
export function createNarrator(say) {
  let prompter = new Prompter([]);
  let lines = [];
  return {
    enter(phase) {
      lines = phase.say || [];
      prompter = new Prompter(lines);
    },
    /** After Pause (which silences the voice): say again the instruction under way at
     * `elapsed`, so nothing the person needed was cut off; counts and cues are not repeated. */
    resume(elapsed) {
      prompter = new Prompter(lines);
      const due = prompter.upTo(elapsed);
      const last = due[due.length - 1];
      if (last && last.kind === "phase") say(last.text, last.kind);
    },
    update(elapsed) {
      const due = prompter.upTo(elapsed);
      if (due.length) {
        const last = due[due.length - 1];
        say(last.text, last.kind);
      }
    },
  };
}

/** A step's coach data after switching to its easier variant: the variant's own guidance,
 * the original's rest and what comes next. */
export function easierCoach(coach) {
  return { ...coach.easier, rest: coach.rest, next: coach.next, easier: null };
}
