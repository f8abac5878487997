// The site header on a phone: the links fold behind a Menu button, so a page starts near the
// top of the screen. Without JavaScript (or on a wide screen, app.css) they are simply shown.
(function () {
  "use strict";
  const header = document.querySelector(".site-header");
  const button = header && header.querySelector(".menu-button");
  if (!button) return;
  header.classList.add("folds");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("menu-open", open);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    button.click();
    button.focus();
  });
})();
