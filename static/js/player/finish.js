// What the finish screen says, from what really happened. Pure: no DOM, so it is tested in Node.
//   done, total  steps finished and steps in the routine (whole numbers)
//   stopped      the routine was ended for pain ("This hurts" → stop)
// A routine that was stopped for pain never offers "Too easy": the answer would push the next
// routine harder straight after a flare.
import { count, word } from "../words.js";
import { summaryLines } from "./pain.js";

/** { heading, offerTooEasy } for the finish screen, in the player's `words`. */
export function finishSummary({ done, total, stopped = false }, words) {
  let heading;
  if (stopped) heading = words.routineStopped;
  else if (done >= total) heading = words.wellDone;
  else heading = count(words, "didSteps", total, { done });
  return { heading, offerTooEasy: !stopped };
}

/** How long the person moved, in words: "less than a minute", "1 minute", "12 minutes".
 * activeMs: milliseconds the clock ran, pauses left out. */
export function movedFor(activeMs, words) {
  if (activeMs < 30000) return words.lessThanAMinute;
  return count(words, "minutes", Math.max(1, Math.round(activeMs / 60000)));
}

/** Everything the finish screen shows: finishSummary's heading and offer, whether it stopped
 * for pain and for new numbness, one line per "This hurts" answer (pain.js summaryLines), how
 * long the person moved and how many steps they finished. `restSteps`: the 1-based numbers of
 * the steps that are rest positions or breathing. */
export function finishScreen({ rules, done, total, stopped, events, restSteps, activeMs, words }) {
  const { heading, offerTooEasy } = finishSummary({ done, total, stopped }, words);
  return {
    heading,
    offerTooEasy,
    stopped,
    numbness: events.some((e) => e.level === rules.numbnessLevel),
    hurtLines: summaryLines(rules, events, restSteps, words),
    movedFor: movedFor(activeMs, words),
    steps: word(words, "stepsOf", { done, total }),
  };
}
