// The one-tap relief check (templates/learn/_relief_check.html): "No, none of these" is kept on
// this phone as well as in the server's cookie, so the relief routine this phone saved can start
// when the answer was given offline (the service worker answers the form then, templates/sw.js).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-relief-key]");
  if (!form || !event.submitter || event.submitter.value !== "no") return;
  try {
    localStorage.setItem(form.dataset.reliefKey, String(Date.now()));
  } catch (e) {
    /* storage off: online, the cookie still counts */
  }
});
