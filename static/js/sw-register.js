// Install the service worker: it keeps opened routines working offline and shows reminders.
// It is told the page's language, so the relief path it keeps offline is in that language; a
// page in another language registers it again (a new script URL installs a new worker).
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    const lang = encodeURIComponent(document.documentElement.lang || "en");
    navigator.serviceWorker.register(`/sw.js?lang=${lang}`, { scope: "/" }).catch(() => {});
  });
}
