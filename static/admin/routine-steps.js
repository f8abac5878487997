// A routine's steps in the admin (templates/admin/exercises/routine/steps_inline.html): the step
// numbers and the hidden order fields follow every move, whether a step was dragged by its
// number (django-admin-sortable2) or moved with its Up and Down buttons, which a keyboard
// reaches; a live region says where a step went. Saving keeps the order.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const group = document.querySelector(".steps-inline");
  const body = group && group.querySelector("tbody");
  if (!body) return;
  const announcer = group.querySelector("[aria-live]");

  function steps() {
    return Array.from(body.querySelectorAll("tr.has_original"));
  }

  function renumber() {
    steps().forEach(function (row, index) {
      const number = row.querySelector(".step-number");
      const order = row.querySelector("input._reorder_");
      if (number) number.textContent = String(index + 1);
      if (order) order.value = String(index + 1);
    });
  }

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  // Dragging moves rows inside the table body; so do the buttons below.
  new MutationObserver(renumber).observe(body, { childList: true });

  body.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    const row = button.closest("tr");
    const all = steps();
    const index = all.indexOf(row);
    const up = button.dataset.move === "up";
    const target = all[up ? index - 1 : index + 1];
    if (!target) {
      announce(row.dataset.name + " is already " + (up ? "first" : "last") + ".");
      return;
    }
    if (up) target.before(row);
    else target.after(row);
    button.focus(); // moving a row can drop the focus
    renumber();
    announce(row.dataset.name + " moved to step " + (all.indexOf(target) + 1) + " of " + all.length + ".");
  });
});
