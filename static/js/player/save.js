// The finish screen's saving: the session goes into the finished-sessions queue (sessions.js)
// when the routine ends, and the answers after it (pain after, feeling, note) are written there
// as they are entered and sent a moment later. "Saved" is said only once the server has answered
// that it stored the session; signed out, it is kept on this phone and offered to whoever signs in.
import { flush, queue } from "../sessions.js";
import { isRefused, newKey, sessionLine } from "../sessions/queue.js";

const $ = (id) => document.getElementById(id);

function say(el, text, state) {
  if (el.textContent !== text) el.textContent = text;
  el.dataset.state = state;
}
function checkedValue(root, name) {
  const input = root.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : null;
}

/** Save what `player` reports with "routine:finished", and the answers in #finish-form. */
export function wireSave(player, words) {
  const form = $("finish-form");
  const status = $("save-status");
  const answers = $("save-result");
  const offer = $("save-offer");
  const retryButton = $("save-retry");
  const { account } = queue;
  let current = null;
  let keptHere = true; // false when this phone's storage refused to keep the session
  let unsent = false; // answers entered that neither this phone nor the server holds yet
  let answered = false; // the person has given any answer after the routine

  // Write the session and the answers on this phone, then send them (signed in).
  async function saveNow(withAnswers) {
    keptHere = queue.upsert(current);
    unsent = answered && !keptHere;
    if (!account) {
      say(status, keptHere ? words.keptLocal : words.notKept, "local");
      if (answered) say(answers, keptHere ? words.answersKeptLocal : "", "local");
      if (offer) offer.hidden = false;
      return;
    }
    if (withAnswers) say(answers, words.savingAnswers, "saving");
    else say(status, words.saving, "saving");
    report((await flush()).results);
  }
  // Say what the server answered for this session (or, if this round didn't send it, what is kept).
  function report(results) {
    const kept = queue.load().find((s) => s.key === current.key);
    const answer =
      results.get(current.key) ||
      (!kept ? { result: "saved" } : isRefused(kept) ? { result: "refused", message: kept.refused.message } : { result: "later" });
    const [text, state] = sessionLine(answer, words);
    say(status, text, state);
    if (retryButton) retryButton.hidden = answer.result !== "refused";
    if (answer.result === "saved") unsent = false;
    if (answered) {
      const kept = keptHere ? words.answersKept : words.answersNotSaved;
      say(answers, answer.result === "saved" ? words.answersSaved : kept, state);
    }
  }

  player.addEventListener("routine:finished", (event) => {
    const d = event.detail;
    const title = document.querySelector(".player-title");
    current = {
      key: newKey(),
      account, // whose it is: the signed-in account, or null (offered to whoever signs in)
      routine: player.dataset.routine,
      routine_name: title ? title.textContent.trim() : "",
      started_at: new Date(d.startedAt).toISOString(),
      ended_at: new Date(d.endedAt).toISOString(),
      active_seconds: Math.round(d.activeMs / 1000),
      steps_done: d.stepsDone,
      steps_total: d.stepsTotal,
      pain_before: d.painBefore === null ? null : Number(d.painBefore),
      events: d.events || [],
    };
    form.hidden = false;
    answered = false;
    say(answers, "", "");
    saveNow(false);
  });

  // The answers after the routine are kept as they are entered: a choice at once, a note a
  // moment after the typing stops (and at once when the page goes).
  function readAnswers() {
    if (!current) return false;
    const painAfter = checkedValue(form, "pain_after");
    current.pain_after = painAfter === null ? null : Number(painAfter);
    current.feeling = checkedValue(form, "feeling") || "";
    current.note = form.querySelector("textarea[name=note]").value.trim();
    answered = true;
    return true;
  }
  let typing = null;
  form.addEventListener("change", () => {
    clearTimeout(typing);
    if (readAnswers()) saveNow(true);
  });
  form.addEventListener("input", (event) => {
    if (event.target.name !== "note" || !readAnswers()) return;
    unsent = true;
    clearTimeout(typing);
    typing = setTimeout(() => saveNow(true), 800);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    if (readAnswers()) saveNow(true);
  });
  window.addEventListener("pagehide", () => {
    if (unsent && readAnswers()) queue.upsert(current); // sent from the next page
  });
  // Only when this phone can't keep them: say so before the answers are lost.
  window.addEventListener("beforeunload", (event) => {
    if (unsent && !keptHere) event.preventDefault();
  });
  if (retryButton) {
    retryButton.addEventListener("click", () => {
      if (!current) return;
      retryButton.hidden = true;
      saveNow(false); // a new copy: the refusal was for the old one
    });
  }
  window.addEventListener("online", async () => {
    if (current && account && status.dataset.state === "pending") report((await flush()).results);
  });
}
