// The routine's clock: which phase is under way and when it ends, kept against the wall clock so
// a phone that sleeps catches up rather than drifting. No DOM, no timers of its own: main.js
// calls tick() a few times a second and turns what it returns into sound, speech and display.
// `now` is injectable (milliseconds, like Date.now) so tests can move time by hand.

/** "m:ss", rounding up, never below 0:00. */
export function formatClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

/**
 * A clock over `phases` (each with .seconds). current is -1 before start and after the end.
 * tick() returns the transitions since the last tick, oldest first: { completed, entered } with
 * phase indices (entered -1 when the routine has ended).
 */
export function createClock(phases, now = () => Date.now()) {
  let current = -1;
  let endsAt = 0; // wall-clock ms when the current phase ends
  let remainingMs = 0; // kept while paused
  let paused = false;
  let activeMs = 0; // time spent playing, pauses left out
  let lastTick = 0;

  function account() {
    const t = now();
    if (!paused && current >= 0) activeMs += t - lastTick;
    lastTick = t;
    return t;
  }

  function enter(index) {
    current = index;
    const length = phases[index].seconds * 1000;
    endsAt = now() + length;
    remainingMs = length;
  }

  return {
    get current() {
      return current;
    },
    get paused() {
      return paused;
    },
    get activeMs() {
      return activeMs;
    },
    /** Swap in a new list of phases (after switching to an easier variant). */
    setPhases(next) {
      phases = next;
    },
    start(index = 0) {
      paused = false;
      activeMs = 0;
      lastTick = now();
      enter(index);
    },
    /** Jump to a phase, keeping pause as it was. */
    enter(index) {
      enter(index);
    },
    stop() {
      account();
      current = -1;
      paused = false;
    },
    secondsLeft() {
      return (paused ? remainingMs : endsAt - now()) / 1000;
    },
    pause() {
      if (current < 0 || paused) return;
      account();
      paused = true;
      remainingMs = Math.max(0, endsAt - now());
    },
    resume() {
      if (current < 0 || !paused) return;
      paused = false;
      endsAt = now() + remainingMs;
      lastTick = now();
    },
    tick() {
      const t = account();
      const transitions = [];
      if (paused) return transitions;
      while (current >= 0 && t >= endsAt) {
        const overshoot = t - endsAt;
        const completed = current;
        if (current + 1 >= phases.length) {
          current = -1;
          transitions.push({ completed, entered: -1 });
          break;
        }
        enter(current + 1);
        endsAt -= overshoot;
        transitions.push({ completed, entered: current });
      }
      return transitions;
    },
  };
}
