// A flare-up as it waits on the phone, in the same queue as finished sessions (static/js/
// sessions.js): that queue sends it to `url` once its account is signed in, and offers one
// recorded while nobody was signed in to whoever signs in next. Pure: no DOM, tested in Node.
import { word } from "../words.js";

/** The phone's own calendar day as "YYYY-MM-DD" (not UTC's: toISOString would be a day off
 * around midnight for anyone east or west of Greenwich). */
export function localIsoDate(when) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
}

/** How the sign-in offer names it, in `words` (the flare-ups' words): "A flare-up from Monday
 * 4 May" (dates read as local days, written in `words.lang`). */
export function describe(startedOn, words) {
  const [y, m, d] = String(startedOn).split("-").map(Number);
  if (!y || !m || !d) return words.aFlareUp;
  const day = new Date(y, m - 1, d).toLocaleDateString(words.lang, { weekday: "long", day: "numeric", month: "long" });
  return word(words, "flareUpFrom", { day });
}

/** The queued record from the form's fields.
 *   fields   a FormData (or anything with get and getAll): started_on, settled_on, triggers,
 *            helped, note
 *   key      made once per form, so a second tap changes the same record
 *   account  whose it is (the page's owner tag), or null when nobody is signed in
 *   url      where the server takes it (recovery's sync_flare_up) */
export function flareUpItem(fields, { key, account, url, words }) {
  const text = (name) => String(fields.get(name) || "").trim();
  const startedOn = text("started_on");
  return {
    kind: "flare-up",
    key,
    account: account || null,
    url,
    label: describe(startedOn, words),
    started_on: startedOn,
    settled_on: text("settled_on") || null,
    triggers: fields.getAll("triggers").map(String),
    helped: fields.getAll("helped").map(String),
    note: text("note").slice(0, 500),
  };
}

/** What the server would refuse, in words, before the record is kept (an empty list when
 * nothing): the queue drops a record the server refuses, so it is checked here first. The same
 * rules as FlareUpForm (spasmcare/recovery/forms.py); dates' own limits are the inputs' min and
 * max, checked by the browser. */
export function problems(item, words) {
  const found = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(item.started_on)) found.push(words.addStartDay);
  if (item.triggers.includes("nothing_clear") && item.triggers.length > 1) found.push(words.nothingClearAlone);
  if (item.settled_on && item.started_on && item.settled_on < item.started_on) found.push(words.settledBeforeStart);
  return found;
}
