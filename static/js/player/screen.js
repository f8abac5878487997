// The playing screen's layers and signals (browser DOM only, no timing of its own):
//   - the steps sheet, Help and safety, and "End the routine?" open as modal <dialog>s over the
//     player. Each pauses the routine while it is open and, when it closes, resumes it only if it
//     was running before, then gives focus back to the button that opened it.
//   - pulse(): a flash of the timer with the 3-2-1 and end-of-hold beeps, for noisy rooms and for
//     people who can't hear them. It is a colour change, not movement, so it shows under
//     prefers-reduced-motion too.
// Without JavaScript the ✕ and Help are ordinary links to the routine and safety pages.
import { count, word } from "../words.js";

const $ = (id) => document.getElementById(id);

/**
 * Wire the dialogs to the player. `player` gives what the runtime already knows:
 *   isPlaying() -> boolean   a routine is running (paused or not)
 *   isPaused()  -> boolean
 *   togglePause()            pause or resume, as the Pause button does
 *   currentStep() -> number  0-based index of the step on screen
 *   progress() -> { done, total }  steps finished so far and in the routine
 *   endEarly()               end now and show the finish screen, which saves what was done
 *   words                    the player's words (spasmcare/core/js_words.py player_words)
 */
export function wireScreen(player) {
  const stepsButton = $("steps-button");
  const sheet = $("steps-sheet");
  const help = $("help-dialog");
  const leave = $("leave-dialog");
  if (!sheet || !help || !leave) return { playing() {} };

  let resumeOnClose = false;
  let opener = null;
  function openOver(dialog, from) {
    resumeOnClose = player.isPlaying() && !player.isPaused();
    if (resumeOnClose) player.togglePause();
    opener = from;
    for (const el of dialog.querySelectorAll(".meta-paused")) el.hidden = !player.isPlaying();
    dialog.showModal();
  }
  for (const dialog of [sheet, help, leave]) {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "end") {
        resumeOnClose = false;
        player.endEarly();
        return;
      }
      if (resumeOnClose && player.isPlaying() && player.isPaused()) player.togglePause();
      resumeOnClose = false;
      if (opener && !opener.hidden) opener.focus();
    });
    // A tap on the dimmed backdrop closes the layer, as a sheet does on a phone.
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) dialog.close("close");
    });
  }

  // ---- The steps sheet: the step on screen and how to do it, then every step ----
  stepsButton.addEventListener("click", () => {
    fillSheet(player.isPlaying() ? player.currentStep() : -1);
    openOver(sheet, stepsButton);
  });
  function fillSheet(current) {
    const items = Array.from(document.querySelectorAll("#steps .player-step"));
    $("steps-sheet-list").replaceChildren(
      ...items.map((li, index) => {
        const item = document.createElement("li");
        const name = li.querySelector(".step-body h2").textContent;
        const dose = li.querySelector(".step-body .dose").textContent;
        item.append(Object.assign(document.createElement("strong"), { textContent: name }), " " + dose);
        if (index === current) {
          item.setAttribute("aria-current", "step");
          item.append(Object.assign(document.createElement("span"), { className: "now-tag", textContent: " (now)" }));
        }
        return item;
      })
    );
    const now = $("steps-sheet-now");
    now.replaceChildren();
    const li = items[current];
    if (!li) return;
    const how = li.querySelector(".step-body .how");
    const heading = document.createElement("h3");
    heading.textContent = word(player.words, "howTo", { name: li.querySelector(".step-body h2").textContent });
    now.append(heading);
    if (how) now.append(...Array.from(how.children, (el) => el.cloneNode(true)).filter((el) => el.tagName !== "SUMMARY"));
  }

  // ---- Help and safety: over the player while it plays, the safety page otherwise ----
  const helpLink = $("help-link");
  helpLink.setAttribute("aria-haspopup", "dialog");
  helpLink.addEventListener("click", (event) => {
    event.preventDefault();
    openOver(help, helpLink);
  });

  // ---- ✕: while a routine runs, ask before ending it and offer to save what was done ----
  const leaveLink = $("leave-link");
  leaveLink.addEventListener("click", (event) => {
    if (!player.isPlaying()) return; // before Start or after the finish: just leave
    event.preventDefault();
    const { done, total } = player.progress();
    $("leave-progress").textContent = count(player.words, "leaveProgress", total, { done });
    openOver(leave, leaveLink);
  });

  return {
    /** Show the Steps button while a routine plays, hide it otherwise. */
    playing(on) {
      stepsButton.hidden = !on;
    },
  };
}

let pulseTimer = null;
/**
 * Flash the timer: "count" for each of the 3-2-1 beeps, "end" (longer) when a hold or set ends.
 * Shown whatever the sound setting, because it stands in for the sound.
 */
export function pulse(kind = "count") {
  const live = $("live");
  if (!live) return;
  clearTimeout(pulseTimer);
  live.classList.remove("pulse-count", "pulse-end");
  void live.offsetWidth; // restart the flash when beeps come close together
  live.classList.add("pulse-" + kind);
  pulseTimer = setTimeout(() => live.classList.remove("pulse-count", "pulse-end"), kind === "end" ? 700 : 300);
}
