// Steps for the player's tests, in the shape of Routine.player_steps (exercises/models.py), with
// the phases Python works out for them (exercises/pacing.py): the player takes these lengths as
// given. PACE is what the page hands over as #player-speech (pacing.speech_json). Not a test file.

import { readFileSync } from "node:fs";

// Every group of JavaScript's words in English, as spasmcare/core/js_words.py writes them
// (tests/test_js_words.py keeps this copy the same).
export const WORDS = JSON.parse(readFileSync(new URL("./fixtures/words.en.json", import.meta.url), "utf8"));

export const PACE = {
  wordsPerSecond: 2.2,
  pauseSeconds: 0.3,
  leadSeconds: 0.2,
  rate: 0.9,
  gapSeconds: 1,
  countdown: 3,
  lang: "en",
  words: WORDS.voice,
};

const phase = (seconds, ...lines) => ({ seconds, say: lines.map(([at, text]) => ({ at, text })) });
const ready = (seconds, text, positionChanged = false) => ({ ...phase(seconds, [0, text]), positionChanged });

export const constructiveRest = {
  slug: "constructive-rest",
  name: "Lower legs on a chair (rest position)",
  dose: "60 seconds",
  kind: "relief",
  position: "lying",
  mode: "hold",
  hold: 60,
  reps: null,
  repSeconds: 5,
  sides: 1,
  rest: 15,
  spoken: {
    name: "Lower legs on a chair",
    setup: "Lie on your back on the floor, close to the front of a chair. Rest your lower legs on the seat.",
    cues: ["Let your back soften into the floor.", "Let your shoulders and jaw go soft.", "Let your legs feel heavy on the seat."],
    breathing: "Breathe in slowly… and slowly out.",
    switchSides: "",
  },
  next: { name: "Pelvic tilt", setup: "Put your feet flat on the floor, with your knees bent.", position: "lying" },
  easier: null,
  phases: {
    more: {
      ready: ready(31, "Lower legs on a chair, 60 seconds. Lie on your back on the floor, close to the front of a chair. Rest your lower legs on the seat.", true),
      work: 60,
      rest: phase(15, [0, "Relax."], [2, "Next, Pelvic tilt. Put your feet flat on the floor, with your knees bent."]),
    },
    counts: { ready: ready(20, "Lower legs on a chair, 60 seconds.", true), work: 60, rest: phase(15, [0, "Rest. Next, Pelvic tilt."]) },
  },
};

export const pelvicTilt = {
  slug: "pelvic-tilt",
  name: "Pelvic tilt",
  dose: "5 times",
  kind: "strength",
  position: "lying",
  mode: "reps",
  hold: null,
  reps: 5,
  repSeconds: 6,
  sides: 1,
  rest: 15,
  spoken: {
    name: "Pelvic tilt",
    setup: "Lie on your back with your knees bent. Each time, press the small of your back into the floor, then let go.",
    cues: ["Keep the movement small.", "Your bottom stays on the floor.", "Keep breathing as you hold."],
    breathing: "Breathe out as you flatten your back, and in as you let go.",
    switchSides: "",
  },
  next: { name: "Single knee to chest", setup: "Hold behind one thigh, and ease that knee towards your chest.", position: "lying" },
  easier: null,
  phases: {
    more: {
      ready: ready(13, "Pelvic tilt, 5 times. Breathe out as you flatten your back, and in as you let go."),
      readyFresh: ready(
        25,
        "Pelvic tilt, 5 times. Lie on your back with your knees bent. Each time, press the small of your back into the floor, then let go. Breathe out as you flatten your back, and in as you let go."
      ),
      work: 30,
      rest: phase(15, [0, "Relax."], [2, "Next, Single knee to chest. Hold behind one thigh, and ease that knee towards your chest."]),
    },
    counts: { ready: ready(7, "Pelvic tilt, 5 times."), work: 30, rest: phase(15, [0, "Rest. Next, Single knee to chest."]) },
  },
};

export const singleKnee = {
  slug: "single-knee-to-chest",
  name: "Single knee to chest",
  dose: "20 seconds on each side",
  kind: "stretch",
  position: "lying",
  mode: "hold",
  hold: 20,
  reps: null,
  repSeconds: 5,
  sides: 2,
  rest: 0,
  spoken: {
    name: "Single knee to chest",
    setup: "Hold behind one thigh, and ease that knee towards your chest.",
    cues: ["Keep your other foot on the floor.", "Let your shoulders relax.", "Stop at a mild stretch."],
    breathing: "Breathe in slowly… and out.",
    switchSides: "Lower your foot slowly. Now ease your other knee in.",
  },
  next: null,
  easier: null,
  phases: {
    more: {
      ready: ready(9, "Single knee to chest, 20 seconds on each side."),
      readyFresh: ready(15, "Single knee to chest, 20 seconds on each side. Hold behind one thigh, and ease that knee towards your chest."),
      work: 20,
      switch: phase(9, [0, "Switch sides. Lower your foot slowly. Now ease your other knee in."]),
    },
    counts: { ready: ready(9, "Single knee to chest, 20 seconds on each side."), work: 20, switch: phase(5, [0, "Switch sides."]) },
  },
};

/** A fresh copy of the three steps, so a test may change them. */
export function routine() {
  return structuredClone([constructiveRest, pelvicTilt, singleKnee]);
}
