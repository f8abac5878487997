// What the finish screen says, from what really happened. Pure: no DOM, so it is tested in Node.
//   done, total  steps finished and steps in the routine (whole numbers)
//   stopped      the routine was ended for pain ("This hurts" → stop)
// A routine that was stopped for pain never offers "Too easy": the answer would push the next
// routine harder straight after a flare.
import { summaryLines } from "./pain.js";

/** { heading, offerTooEasy } for the finish screen. */
export function finishSummary({ done, total, stopped = false }) {
  let heading;
  if (stopped) heading = "Routine stopped";
  else if (done >= total) heading = "Well done";
  else heading = "You did " + done + " of " + total + (total === 1 ? " step" : " steps");
  return { heading, offerTooEasy: !stopped };
}

/** How long the person moved, in words: "less than a minute", "1 minute", "12 minutes".
 * activeMs: milliseconds the clock ran, pauses left out. */
export function movedFor(activeMs) {
  if (activeMs < 30000) return "less than a minute";
  const minutes = Math.max(1, Math.round(activeMs / 60000));
  return minutes + (minutes === 1 ? " minute" : " minutes");
}

/** Everything the finish screen shows: finishSummary's heading and offer, whether it stopped
 * for pain and for new numbness, one line per "This hurts" answer (pain.js summaryLines), how
 * long the person moved and how many steps they finished. `restSteps`: the 1-based numbers of
 * the steps that are rest positions or breathing. */
export function finishScreen({ rules, done, total, stopped, events, restSteps, activeMs }) {
  const { heading, offerTooEasy } = finishSummary({ done, total, stopped });
  return {
    heading,
    offerTooEasy,
    stopped,
    numbness: events.some((e) => e.level === rules.numbnessLevel),
    hurtLines: summaryLines(rules, events, restSteps),
    movedFor: movedFor(activeMs),
    steps: `${done} of ${total}`,
  };
}
