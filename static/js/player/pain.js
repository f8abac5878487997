// The pain rules as the player applies them. Every threshold, level and word comes from the
// rules object that Python writes into the page (spasmcare/learn/safety.py, player_rules, read
// with json_script): these functions only look things up, so changing a rule in Python changes
// the player with nothing to edit here. No DOM.
//
// rules.light[start][now]       -> level ("carry-on" | "do-less" | "stop-exercise" | "stop-routine")
//                                  start is "none" or "0".."10"; now 0..10
// rules.askCheck[last][rating]  -> whether a rating before starting asks the red-flag questions
// rules.checkUrls[rating]       -> the safety check, coming back here with the rating kept
// rules.advice[level]           -> { heading, text }
// rules.sharpLevel, rules.numbnessLevel, rules.lastPain, rules.lastPainKey, rules.startPain

const key = (rating) => (rating === null || rating === undefined ? "none" : String(rating));

/** The traffic-light level for a "This hurts" answer, from the person's own start (or none). */
export function levelFor(rules, start, pain, { sharp = false, numbness = false } = {}) {
  if (numbness) return rules.numbnessLevel;
  if (sharp) return rules.sharpLevel;
  return rules.light[key(start)][pain];
}

/** The last session's rating: the account's if signed in, else the one kept on this phone. */
export function lastPain(rules, storage) {
  if (rules.lastPain !== null && rules.lastPain !== undefined) return rules.lastPain;
  const kept = storage ? storage.getItem(rules.lastPainKey) : null;
  return kept !== null && /^\d+$/.test(kept) && rules.light[kept] ? Number(kept) : null;
}

/** Whether this rating before starting asks the red-flag questions first (false with no rating). */
export function asksForCheck(rules, last, rating) {
  if (rating === null || rating === undefined) return false;
  return Boolean(rules.askCheck[key(last)][rating]);
}

/** Heading and text of the advice for a level; the easier variant is named where it helps. */
export function adviceFor(rules, level, easierName = "") {
  const { heading, text } = rules.advice[level];
  const easier = easierName && level !== "carry-on" && level !== rules.numbnessLevel;
  return { heading, text: text + (easier ? " The easier version is " + easierName + "." : "") };
}

/** Which of the dialog's buttons (swap, carry-on, skip, stop) a level offers. */
export function actionsFor(level, canSwap) {
  const actions = new Set();
  if (canSwap && level !== "carry-on") actions.add("swap");
  if (level === "stop-exercise") {
    actions.add("skip");
    actions.add("stop");
  } else {
    actions.add("carry-on");
  }
  return actions;
}

/** One line per "This hurts" answer, for the finish screen, in the dialog's own words. */
export function summaryLines(rules, events) {
  return events
    .filter((e) => e.type === "hurt")
    .map((e) => {
      const rated = e.pain === null ? "" : ": pain " + e.pain + (e.start === null ? "" : " (you started at " + e.start + ")");
      return "Step " + e.step + rated + ". " + rules.advice[e.level].heading + ".";
    });
}
