// "This hurts": the traffic light from the person's own start, and what each answer does to the
// routine. No DOM: the view shows the dialog (view.js openHurt, showAdvice, closeHurt) and
// hands the answers back; the levels and words are the rules Python wrote (pain.js looks them
// up). Tested with the controller in tests/js/controller.test.mjs.
import { word } from "../words.js";
import { actionsFor, adviceFor, levelFor } from "./pain.js";

/** `player` is the controller; `cues.say` speaks the advice's heading. */
export function createHurt({ player, rules, view, cues, words }) {
  let step = null; // the step it hurt in
  let resumeAfter = false; // the routine was running when the dialog opened
  let event = null;

  function close(resume) {
    view.closeHurt();
    if (resume && resumeAfter && player.paused) player.togglePause();
    resumeAfter = false;
  }

  return {
    /** "This hurts" was tapped: pause and ask. Without a rating before the start, how it
     * compares with the start stands in for one. */
    open() {
      if (!player.playing) return;
      step = player.step;
      event = null;
      resumeAfter = !player.paused;
      if (!player.paused) player.togglePause();
      view.openHurt({ askChange: player.startPain === null });
    },

    /** The answer: `pain` 0–10 or null, the two warning signs, and `change` ("same" | "more" |
     * "much-more" | null). Returns false, changing nothing, when neither a number nor a sign was
     * chosen. New numbness ends the routine; anything else shows what to do. */
    answer({ pain = null, sharp = false, numbness = false, change = null }) {
      if (pain === null && !sharp && !numbness) return false;
      const start = player.startPain;
      const level = levelFor(rules, start, pain, { sharp, numbness, change });
      event = { type: "hurt", step: step.index + 1, exercise: step.slug, pain, start, change, sharp, numbness, level, action: level };
      player.record(event);
      if (level === rules.numbnessLevel) {
        close(false);
        player.stop();
        return true;
      }
      const easierName = step.easier ? step.easier.name : "";
      const rest = player.isRest(step);
      const { heading, text } = adviceFor(rules, level, easierName, rest);
      const offered = actionsFor(level, Boolean(step.easier), rest);
      const carryOn = rest ? words.carryOnResting : level === "carry-on" ? words.carryOn : words.carryOnGently;
      const swap = word(words, "switchTo", { name: easierName });
      view.showAdvice({ heading, text, offered, labels: { swap, "carry-on": carryOn } });
      cues.say(heading);
      return true;
    },

    /** One of the advice's buttons: "carry-on", "swap", "skip" or "stop". */
    act(action) {
      if (event) event.action = action;
      if (action === "carry-on") return close(true);
      resumeAfter = false;
      close(false);
      if (action === "swap") player.swapToEasier(step);
      else if (action === "skip") {
        if (player.paused) player.togglePause();
        player.jumpTo(step.index + 1);
      } else if (action === "stop") player.stop();
    },

    /** The dialog closed another way (Escape, "Back to the routine"): carry on if it was running. */
    closed() {
      if (resumeAfter && player.paused && player.playing) player.togglePause();
      resumeAfter = false;
    },
  };
}
