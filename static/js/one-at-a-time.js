// Background saves that answer in the order they were made. Two quick moves in the builder sent
// two saves at once; the server could take the later first, and the earlier one then wrote an
// old order over it while the page said "Saved.". Here a save asked for while one is on its way
// waits for it, and any number asked for meanwhile become one save of the latest state.

/**
 * Wrap `run` (an async function that saves the current state and throws if it could not) so
 * that runs never overlap. Returns `request()`: it resolves to true once a run that started
 * after this request has succeeded, or false if the last run failed.
 */
export function oneAtATime(run) {
  let current = null; // the loop of runs on its way, or null
  let again = false; // asked for while a run was on its way

  async function loop() {
    let ok = true;
    do {
      again = false;
      try {
        await run();
        ok = true;
      } catch {
        ok = false;
      }
    } while (again);
    current = null;
    return ok;
  }

  return function request() {
    if (current) {
      again = true;
      return current;
    }
    current = loop();
    return current;
  };
}
