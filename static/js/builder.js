// The routine builder, with JavaScript: steps move in place (Up/Down buttons or dragging by the
// handle), a live region says where a step went, and the new order is saved in the background.
// The save bar says when something typed isn't saved yet, and when it is.
// Without JavaScript the same buttons submit the form and the server moves the step.
import { oneAtATime } from "./one-at-a-time.js";
import { readWords, word } from "./words.js";

const words = readWords("builder");

const form = document.getElementById("builder");
const list = document.getElementById("builder-steps");
const announcer = document.getElementById("builder-announcer");
const saveState = document.getElementById("save-state");

function showSaveState(text, unsaved) {
  saveState.textContent = text;
  saveState.classList.toggle("unsaved", unsaved);
}

function steps() {
  return [...list.querySelectorAll(".builder-step")];
}

function announce(message) {
  // Cleared first so the same words twice in a row are still read out.
  announcer.textContent = "";
  window.setTimeout(() => { announcer.textContent = message; }, 50);
}

function renumber() {
  steps().forEach((step, index) => {
    step.querySelector(".step-number").textContent = String(index + 1);
    step.querySelector('input[name$="-order"]').value = String(index + 1);
  });
}

// One save at a time: a move made while one is on its way is sent when it has answered.
const saveInTurn = oneAtATime(async () => {
  const data = new FormData(form);
  data.set("action", "save");
  // form.action would be the buttons named "action"; the attribute is the URL.
  const response = await fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" });
  if (!response.ok) throw new Error(String(response.status));
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const total = page.getElementById("routine-total");
  if (total) document.getElementById("routine-total").innerHTML = total.innerHTML;
});

async function save() {
  showSaveState(words.saving, false);
  const saved = await saveInTurn();
  showSaveState(saved ? words.saved : words.orderNotSaved, !saved);
}

function moved(step) {
  const all = steps();
  renumber();
  announce(word(words, "moved", { name: step.dataset.name, position: all.indexOf(step) + 1, count: all.length }));
  save();
}

function move(step, direction, button) {
  const all = steps();
  const index = all.indexOf(step);
  const target = direction === "up" ? all[index - 1] : all[index + 1];
  if (!target) {
    announce(word(words, direction === "up" ? "alreadyFirst" : "alreadyLast", { name: step.dataset.name }));
    return;
  }
  if (direction === "up") target.before(step);
  else target.after(step);
  button.focus(); // moving an element in the DOM can drop its focus
  step.scrollIntoView({ block: "nearest" });
  moved(step);
}

function enableDragging() {
  let dragged = null;
  list.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest(".drag-handle");
    if (handle) handle.closest(".builder-step").draggable = true;
  });
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".builder-step");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    dragged.classList.add("dragging");
  });
  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest(".builder-step");
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    if (event.clientY < box.top + box.height / 2) over.before(dragged);
    else over.after(dragged);
  });
  list.addEventListener("drop", (event) => event.preventDefault());
  list.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged.draggable = false;
    moved(dragged);
    dragged = null;
  });
}

// Focus never hides behind the sticky save bar: the page keeps the bar's real height (it grows
// with what it says and with the text size) clear when it scrolls to a control. CSS holds a
// guess for before this runs, and drops both where the bar is not sticky.
const saveBar = document.getElementById("builder-save");
if (saveBar && "ResizeObserver" in window) {
  new ResizeObserver(() => {
    const sticky = getComputedStyle(saveBar).position === "sticky";
    document.documentElement.style.scrollPaddingBottom = sticky ? `${saveBar.offsetHeight + 8}px` : "";
  }).observe(saveBar);
}

if (form && saveState) {
  // Anything typed or chosen in a step or the name (not the "add" choice, which Add saves).
  form.addEventListener("input", (event) => {
    if (event.target.id === "add-exercise") return;
    showSaveState(words.changesNotSaved, true);
  });
}

if (form && list) {
  for (const element of form.querySelectorAll(".js-only")) element.hidden = false;
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    event.preventDefault();
    move(button.closest(".builder-step"), button.dataset.move, button);
  });
  enableDragging();
}
