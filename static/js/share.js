// Share and Copy under a routine's share link: the phone's own share sheet (Web Share API) where
// the browser has one, and Copy everywhere (the clipboard, or the link selected where the
// clipboard is out of reach, as on a page not served over HTTPS). Without JavaScript the link
// stays in its read-only box, to be copied by hand.
import { readWords } from "./words.js";

/** What Share and Copy say for each outcome, in `words` (the forms' words). */
export function messages(words) {
  return { copied: words.linkCopied, selected: words.linkSelected, shared: "", cancelled: "" };
}

/** Open the share sheet. Resolves to "shared", "cancelled" (the person closed the sheet) or
 * "unavailable" (no share sheet, or it refused this link: copy instead). */
export async function shareLink(nav, data) {
  if (typeof nav.share !== "function") return "unavailable";
  if (typeof nav.canShare === "function" && !nav.canShare(data)) return "unavailable";
  try {
    await nav.share(data);
    return "shared";
  } catch (error) {
    return error && error.name === "AbortError" ? "cancelled" : "unavailable";
  }
}

/** Copy the field's text. Resolves to "copied", or "selected" when only selecting it worked. */
export async function copyField(nav, doc, field) {
  if (nav.clipboard && typeof nav.clipboard.writeText === "function") {
    try {
      await nav.clipboard.writeText(field.value);
      return "copied";
    } catch {
      // refused (no permission, or the page isn't focused): select it instead
    }
  }
  field.focus();
  field.select();
  try {
    if (typeof doc.execCommand === "function" && doc.execCommand("copy")) return "copied";
  } catch {
    // the old copy command is gone from this browser
  }
  return "selected";
}

export function wire(doc, nav, words = readWords("forms", doc)) {
  const told = messages(words);
  const status = doc.getElementById("share-status");
  const say = (outcome) => {
    if (status) status.textContent = told[outcome];
  };
  const copyButton = doc.querySelector("[data-copy-link]");
  const copyFrom = copyButton && doc.querySelector(copyButton.dataset.copyLink);
  if (copyButton && copyFrom) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", async () => say(await copyField(nav, doc, copyFrom)));
  }
  const shareButton = doc.querySelector("[data-share]");
  const shareFrom = shareButton && doc.querySelector(shareButton.dataset.share);
  if (shareButton && shareFrom && typeof nav.share === "function") {
    shareButton.hidden = false;
    shareButton.addEventListener("click", async () => {
      const { title, text } = shareButton.dataset;
      const outcome = await shareLink(nav, { title, text, url: shareFrom.value });
      say(outcome === "unavailable" ? await copyField(nav, doc, shareFrom) : outcome);
    });
  }
}

if (typeof document !== "undefined") wire(document, navigator);
