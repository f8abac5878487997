// The pain rules as the player applies them. Every threshold, level and word comes from the
// rules object that Python writes into the page (spasmcare/learn/safety.py, player_rules, read
// with json_script): these functions only look things up, so changing a rule in Python changes
// the player with nothing to edit here. No DOM.
//
// rules.light[start][now]         -> level ("carry-on" | "do-less" | "stop-exercise" | "stop-routine")
//                                    start is "none" or "0".."10"; now 0..10
// rules.lightByChange[change][now] -> the level with no start, from "same" | "more" | "much-more"
// rules.askCheck[last][rating]    -> whether a rating before starting asks the red-flag questions
//                                    (askCheckAfterRelief: the same once the one-tap check was answered)
// rules.questions                 -> [{ name, outcome, coveredByRelief, answeredBySevere }] in order
// rules.severe[rating]            -> whether a rating answers the "severe pain" question itself
// rules.fineOutcome               -> the outcome when every question is answered "no"
// rules.advice[level], rules.restAdvice[level] -> { heading, text, easier }
// rules.sharpLevel, rules.numbnessLevel, rules.lastPain, rules.lastPainKey, rules.startPain
import { word } from "../words.js";

const key = (rating) => (rating === null || rating === undefined ? "none" : String(rating));

/** The traffic-light level for a "This hurts" answer, from the person's own start, else from
 * how they say it compares with the start (`change`), else the fixed light. */
export function levelFor(rules, start, pain, { sharp = false, numbness = false, change = null } = {}) {
  if (numbness) return rules.numbnessLevel;
  if (sharp) return rules.sharpLevel;
  if ((start === null || start === undefined) && change && rules.lightByChange?.[change]) {
    return rules.lightByChange[change][pain];
  }
  return rules.light[key(start)][pain];
}

/** The last session's rating: the account's if signed in, else the one kept on this phone. */
export function lastPain(rules, storage) {
  if (rules.lastPain !== null && rules.lastPain !== undefined) return rules.lastPain;
  const kept = storage ? storage.getItem(rules.lastPainKey) : null;
  return kept !== null && /^\d+$/.test(kept) && rules.light[kept] ? Number(kept) : null;
}

/** Whether this rating before starting asks the red-flag questions first (false with no rating).
 * `reliefChecked`: this phone answered the one-tap check in this episode. */
export function asksForCheck(rules, last, rating, reliefChecked = false) {
  if (rating === null || rating === undefined) return false;
  const table = reliefChecked && rules.askCheckAfterRelief ? rules.askCheckAfterRelief : rules.askCheck;
  return Boolean(table[key(last)][rating]);
}

/** The questions a rating asks, in order: not those the one-tap check already answered, nor the
 * one a severe rating answers itself. */
export function questionsFor(rules, rating, reliefChecked = false) {
  return rules.questions.filter((q) => !(reliefChecked && q.coveredByRelief) && !(rules.severe[rating] && q.answeredBySevere));
}

/** Where the answers so far lead: { ask: name } for the next question, or { outcome }. The first
 * "yes" decides (the questions go from the most serious); all "no": fine, unless the rating
 * was severe. `answers` maps a question's name to true (yes) or false (no). */
export function checkOutcome(rules, rating, asked, answers) {
  for (const q of asked) {
    if (!(q.name in answers)) return { ask: q.name };
    if (answers[q.name]) return { outcome: q.outcome };
  }
  const severe = rules.severe[rating] && rules.questions.find((q) => q.answeredBySevere);
  return { outcome: severe ? severe.outcome : rules.fineOutcome };
}

/** Every question's answer as the safety check's form takes it ("yes" | "no"): a question not
 * asked counts as answered by what left it out. */
export function checkForm(rules, rating, answers) {
  const form = {};
  for (const q of rules.questions) {
    let yes = Boolean(answers[q.name]);
    if (!(q.name in answers)) yes = Boolean(rules.severe[rating] && q.answeredBySevere);
    form[q.name] = yes ? "yes" : "no";
  }
  return form;
}

/** Heading and text of the advice for a level. A rest position or breathing (`rest`) has its own
 * words, which never say to stop resting; the easier version is named only if there is one. */
export function adviceFor(rules, level, easierName = "", rest = false) {
  const { heading, text, easier = "" } = (rest ? rules.restAdvice : rules.advice)[level];
  const named = easierName && !rest && easier ? " " + easier.replace("{name}", easierName) : "";
  return { heading, text: text + named };
}

/** Which of the dialog's buttons (swap, carry-on, skip, stop) a level offers: the easier
 * version only where there is one; for a rest position, carrying on resting is always offered. */
export function actionsFor(level, canSwap, rest = false) {
  const actions = new Set();
  if (canSwap && !rest && level !== "carry-on") actions.add("swap");
  if (level === "stop-exercise") {
    actions.add("skip");
    actions.add("stop");
    if (rest) actions.add("carry-on");
  } else {
    actions.add("carry-on");
  }
  return actions;
}

/** One line per "This hurts" answer, for the finish screen, in the dialog's own words.
 * `restSteps`: the step numbers (1-based) that are rest positions or breathing. */
export function summaryLines(rules, events, restSteps = new Set(), words) {
  return events
    .filter((e) => e.type === "hurt")
    .map((e) => {
      const advice = (restSteps.has(e.step) ? rules.restAdvice : rules.advice)[e.level];
      let key = "hurtLine";
      if (e.pain !== null) key = e.start === null ? "hurtLinePain" : "hurtLinePainStart";
      return word(words, key, { step: e.step, pain: e.pain, start: e.start, advice: advice.heading });
    });
}
