// Prints what the voice says through a routine, one line per utterance, with the time from the
// start: a way to read the coaching aloud before shipping it. Not a test file.
//   .venv/bin/python manage.py shell -v 0 -c "import json; from exercises.models import Routine; \
//     print(json.dumps(Routine.objects.get(slug='spasm-relief').player_steps()))" \
//     | node tests/js/transcript.mjs [more|counts]
import { transcript } from "../../static/js/player/coach.js";

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const clock = (t) => Math.floor(t / 60) + ":" + String(t % 60).padStart(2, "0");
  for (const line of transcript(JSON.parse(input), process.argv[2] || "more")) {
    console.log(`${clock(line.t)}  step ${line.step} ${line.phase.padEnd(6)} ${line.text}`);
  }
});
