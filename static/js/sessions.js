// The finished-sessions queue on every page (loaded by base.html): this page's queue (the rules
// are in sessions/queue.js), sent whenever this account is signed in and online; on the history
// page, what is still waiting; after signing in, "Add the session you just finished?" for what
// was kept while nobody was; and, on logging out, what is waiting sent first, then everything this
// phone kept for the person forgotten. The player's finish screen (player/save.js) and the
// flare-up form (flare-ups.js) keep their records in the same queue by importing it from here.
import { addedLine, createQueue, describe, destination, isRefused, postRecord, waitingLines } from "./sessions/queue.js";
import { count, readWords, word } from "./words.js";

/** What the queue tells a signed-in person, in the page's language (base.html:
 * {% js_words "sessions" %}, signed in only: signed out there is no history and no offer). */
const queueWords = readWords("sessions");

const LAST_PAIN_KEY = "spasmcare.last-pain";
const PRIVATE_PAGES = "pages-private"; // the service worker's signed-in pages (templates/sw.js)

const body = document.body;
const saveUrl = body.dataset.saveUrl;

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** This page's queue: the signed-in account's (body data-account), or nobody's. */
export const queue = createQueue({
  storage: localStorage,
  account: body.hasAttribute("data-signed-in") ? body.dataset.account || null : null,
  send: (record) => postRecord(record, { url: destination(record, saveUrl), csrfToken: csrfToken() }),
});

/** Send what is waiting, then say what still is (on the history page). */
export async function flush() {
  const answer = await queue.flush();
  showWaiting();
  return answer;
}

function showWaiting() {
  const box = document.getElementById("pending-sessions");
  if (!box) return;
  const lines = waitingLines(queue.mine(), queueWords);
  box.hidden = lines.length === 0;
  box.textContent = lines.join(" ");
}

// ---- "Add the session you just finished?" ----
function offerUnclaimed() {
  const offer = document.getElementById("session-offer");
  const waiting = queue.unclaimed();
  if (!offer || !queue.account || !waiting.length) return;
  const question = offer.querySelector("#session-offer-question strong");
  const detail = offer.querySelector("#session-offer-detail");
  const buttons = offer.querySelector(".session-offer-actions");
  if (waiting.some((s) => s.kind)) question.textContent = queueWords.addKept;
  else if (waiting.length > 1) question.textContent = count(queueWords, "addSessions", waiting.length);
  const sessions = waiting.map((s) => describe(s, queueWords)).join("; ");
  detail.textContent = word(queueWords, "keptWhileSignedOut", { sessions });
  offer.hidden = false;
  offer.addEventListener("click", async (event) => {
    const answer = event.target.closest("button[data-answer]");
    if (!answer) return;
    const keys = waiting.map((s) => s.key);
    buttons.hidden = true;
    if (answer.dataset.answer === "decline") {
      queue.remove(keys);
      detail.textContent = queueWords.removed;
      return;
    }
    queue.claim(keys);
    detail.textContent = queueWords.adding;
    const sent = await flush();
    detail.textContent = addedLine(sent, queueWords);
    if (sent.saved && document.getElementById("pending-sessions")) window.location.reload();
  });
}

// ---- Logging out ----
async function forgetThisPerson() {
  queue.remove(queue.mine().map((s) => s.key));
  localStorage.removeItem(LAST_PAIN_KEY);
  if ("caches" in window) await caches.delete(PRIVATE_PAGES).catch(() => {});
}
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.hasAttribute("data-logout") || form.dataset.leaving) return;
  event.preventDefault();
  form.dataset.leaving = "true";
  // Send what is waiting first (it is theirs to keep), but don't hold them up for long.
  await Promise.race([flush(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  await forgetThisPerson();
  form.submit();
});

window.addEventListener("online", flush);

// On any page: send what is waiting. On the history page, show what just arrived.
showWaiting();
if (queue.mine().some((s) => !isRefused(s))) {
  flush().then(({ saved }) => {
    if (saved && document.getElementById("pending-sessions")) window.location.reload();
  });
}
offerUnclaimed();
