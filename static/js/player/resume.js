// Carrying on after a reload, the browser's Back button or an accidental close: where the
// person was in a routine, kept on this phone until the routine ends. Pure apart from the
// storage handed in (localStorage in the page, a plain object in tests/js/resume.test.mjs).
//
// Kept: { routine: slug, step: 0-based index, phase: "ready" | "work" | "switch" | "rest",
//   side: 1 | 2 | null, startPain: 0–10 or null, events: [..], done: [step indices],
//   slugs: [each step's exercise slug, in order], activeMs: time played so far,
//   startedAt and savedAt: ms since the epoch }.
// The slugs keep "carry on" on the same exercise when the routine changed in between (an
// editor took an exercise out, or the person reordered it in another tab).
// Pain ratings are health data: each account has its own key (anonymous for the signed out),
// so the next person signed in on the same phone never sees them.

const PREFIX = "spasmcare.player.progress.";
// After this long it is another session, not the same one interrupted.
export const KEEP_MS = 6 * 60 * 60 * 1000;

/** The storage key for `account` (an id, or "" when signed out). */
export function progressKey(account) {
  return PREFIX + (account ? "account-" + account : "anonymous");
}

/** Remember `progress` (see the shape above); silently does nothing if storage is full or off. */
export function saveProgress(storage, key, progress, now = Date.now()) {
  try {
    storage.setItem(key, JSON.stringify({ ...progress, savedAt: now }));
  } catch (e) {
    /* private mode or full: carrying on just isn't offered */
  }
}

/** Where step `index` of the `before` slugs is in `after`: the same exercise, counting repeats
 * (the second cat-cow stays the second), or -1 when it is gone. */
export function sameStep(before, after, index) {
  const slug = before[index];
  const repeat = before.slice(0, index).filter((s) => s === slug).length;
  let seen = -1;
  for (let i = 0; i < after.length; i++) {
    if (after[i] === slug && ++seen === repeat) return i;
  }
  return -1;
}

/** What was kept for `routine`, or null when nothing was, it was for another routine, it is
 * older than KEEP_MS, names a step beyond the routine's or one no longer in it, or can't be
 * read. `steps` is the routine's exercise slugs in order (or, for old callers, how many). */
export function loadProgress(storage, key, routine, steps, now = Date.now()) {
  let kept = null;
  try {
    kept = JSON.parse(storage.getItem(key));
  } catch (e) {
    return null;
  }
  if (!kept || typeof kept !== "object" || kept.routine !== routine) return null;
  if (!(now - kept.savedAt >= 0 && now - kept.savedAt < KEEP_MS)) return null;
  const stepsTotal = Array.isArray(steps) ? steps.length : steps;
  let at = (i) => (Number.isInteger(i) && i >= 0 && i < stepsTotal ? i : -1);
  if (Array.isArray(steps) && Array.isArray(kept.slugs)) at = (i) => (Number.isInteger(i) ? sameStep(kept.slugs, steps, i) : -1);
  const step = at(kept.step);
  if (step < 0) return null;
  return {
    routine,
    step,
    phase: kept.phase || "ready",
    side: kept.side || null,
    startPain: Number.isInteger(kept.startPain) ? kept.startPain : null,
    events: Array.isArray(kept.events) ? kept.events : [],
    done: Array.isArray(kept.done) ? kept.done.map(at).filter((i) => i >= 0) : [],
    activeMs: Number(kept.activeMs) || 0,
    // When the routine began (before the reload); an older copy without it: worked back from the time played.
    startedAt: Number.isFinite(kept.startedAt) && kept.startedAt <= kept.savedAt ? kept.startedAt : kept.savedAt - (Number(kept.activeMs) || 0),
    savedAt: kept.savedAt,
  };
}

export function clearProgress(storage, key) {
  try {
    storage.removeItem(key);
  } catch (e) {
    /* nothing kept */
  }
}
