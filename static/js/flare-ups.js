// The flare-up form. Signed in and online, it posts as any form does. Signed out, or offline
// (the page is saved for offline use with the relief routine), the record goes into the
// finished-sessions queue (sessions.js): sent once its account is signed in and online, or
// offered to whoever signs in next.
import { flareUpItem, localIsoDate, problems } from "./recovery/item.js";
import { flush, queue } from "./sessions.js";
import { newKey } from "./sessions/queue.js";
import { readWords, word } from "./words.js";

const words = readWords("flare-ups");

const signedIn = document.body.hasAttribute("data-signed-in");
const { account } = queue;

for (const form of document.querySelectorAll("form[data-flare-up-form]")) {
  const status = form.querySelector("[data-flare-up-status]");
  const offer = form.querySelector("[data-flare-up-offer]");
  const started = form.querySelector("input[name=started_on]");
  // The server doesn't know a signed-out visitor's time zone: today is the phone's today.
  if (form.hasAttribute("data-today-default") && started && !form.querySelector(".field-error")) {
    started.value = localIsoDate(new Date());
  }

  form.addEventListener("submit", async (event) => {
    if (signedIn && navigator.onLine) return;
    event.preventDefault();
    if (!form.reportValidity()) return;
    form.dataset.key = form.dataset.key || newKey();
    const item = flareUpItem(new FormData(form), {
      key: form.dataset.key,
      account,
      url: form.dataset.syncUrl,
      words,
    });
    const wrong = problems(item, words);
    if (wrong.length) {
      status.textContent = word(words, "notSavedYet", { problems: wrong.join(" ") });
      return;
    }
    queue.upsert(item);
    if (!signedIn) {
      status.textContent = words.kept;
      if (offer) offer.hidden = false;
      return;
    }
    status.textContent = words.saving;
    const kept = () => queue.load().some((s) => s.key === item.key);
    let { saved } = await flush();
    if (kept()) ({ saved } = await flush()); // a send already running may not have had it
    if (kept()) status.textContent = words.savedOnPhone;
    else if (saved) status.textContent = words.savedToHistory;
    else status.textContent = words.couldNotSave;
  });
}
