// Prints what the voice says through a routine, one line per utterance, with the time from the
// start: a way to read the coaching aloud before shipping it. Not a test file.
//   .venv/bin/python manage.py shell -v 0 -c "import json; from exercises import pacing; \
//     from exercises.models import Routine; r = Routine.objects.get(slug='spasm-relief'); \
//     print(json.dumps({'steps': r.player_steps(), 'pace': pacing.speech_json()}))" \
//     | node tests/js/transcript.mjs [more|counts]
import { transcript } from "../../static/js/player/coach.js";

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const clock = (t) => Math.floor(t / 60) + ":" + String(t % 60).padStart(2, "0");
  const { steps, pace } = JSON.parse(input);
  for (const line of transcript(steps, process.argv[2] || "more", pace)) {
    console.log(`${clock(line.t)}  step ${line.step} ${line.phase.padEnd(6)} ${line.text}`);
  }
});
