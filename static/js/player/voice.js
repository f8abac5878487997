// The spoken coach in the player: each step's phases (coach.js's stepPlan over the lengths
// Python handed over) and saying each phase's lines as its clock runs. The steps are the items
// of the #player-steps-data JSON.
import { Prompter, stepPlan } from "./coach.js";

/**
 * A function (step, index) -> phases for plan.js's buildPlan. `prefs.guidance` is read each
 * time ("more" or "counts"); steps in `fresh` were reached by Back, Skip or carrying on, so
 * their get-ready says how to get into position in full. `pace`: the #player-speech JSON.
 */
export function coachedPhases(prefs, fresh, pace) {
  return (step, index) => stepPlan(step, prefs.guidance, { fresh: fresh.has(index), pace });
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

/** A step's data after switching to its easier variant: the variant's own guidance and phases
 * (Python's, with the original's rest), the original's rest and what comes next. */
export function easierCoach(coach) {
  return { ...coach.easier, rest: coach.rest, next: coach.next, easier: null };
}
