// The flare-up form. Signed in and online, it posts as any form does. Signed out, or offline
// (the page is saved for offline use with the relief routine), the record goes into the
// finished-sessions queue (sessions.js): sent once its account is signed in and online, or
// offered to whoever signs in next.
import { flareUpItem, localIsoDate, problems } from "./recovery/item.js";

const body = document.body;
const signedIn = body.hasAttribute("data-signed-in");
const account = signedIn ? body.dataset.account || null : null;

for (const form of document.querySelectorAll("form[data-flare-up-form]")) {
  const status = form.querySelector("[data-flare-up-status]");
  const offer = form.querySelector("[data-flare-up-offer]");
  const started = form.querySelector("input[name=started_on]");
  // The server doesn't know a signed-out visitor's time zone: today is the phone's today.
  if (form.hasAttribute("data-today-default") && started && !form.querySelector(".field-error")) {
    started.value = localIsoDate(new Date());
  }

  form.addEventListener("submit", async (event) => {
    const queue = window.SpasmCareSessions;
    if ((signedIn && navigator.onLine) || !queue) return;
    event.preventDefault();
    if (!form.reportValidity()) return;
    form.dataset.key = form.dataset.key || queue.newKey();
    const item = flareUpItem(new FormData(form), {
      key: form.dataset.key,
      account,
      url: form.dataset.syncUrl,
    });
    const wrong = problems(item);
    if (wrong.length) {
      status.textContent = `Not saved yet: ${wrong.join(" ")}`;
      return;
    }
    queue.upsert(item);
    if (!signedIn) {
      status.textContent = "Kept on this phone.";
      if (offer) offer.hidden = false;
      return;
    }
    status.textContent = "Saving…";
    const kept = () => queue.load().some((s) => s.key === item.key);
    let { saved } = await queue.flush();
    if (kept()) ({ saved } = await queue.flush()); // a send already running may not have had it
    if (kept()) status.textContent = "Saved on this phone. It will be added to your history when you're back online.";
    else if (saved) status.textContent = "Saved to your history.";
    else status.textContent = "This flare-up couldn't be saved. Check the dates, then save again.";
  });
}
