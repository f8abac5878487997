// The JavaScript stays in small modules a newcomer can read in one sitting.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const STATIC_JS = new URL("../../static/js/", import.meta.url).pathname;
const MOST_LINES = 300;

function modules(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? modules(join(dir, entry.name)) : entry.name.endsWith(".js") ? [join(dir, entry.name)] : []
  );
}

test(`no module in static/js is over ${MOST_LINES} lines`, () => {
  const found = modules(STATIC_JS);
  assert.ok(found.length > 20, `only ${found.length} modules found`);
  const long = found
    .map((path) => [path.slice(STATIC_JS.length), readFileSync(path, "utf8").split("\n").length - 1])
    .filter(([, lines]) => lines > MOST_LINES);
  assert.deepEqual(long, []);
});
