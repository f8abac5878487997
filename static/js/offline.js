// On the offline page: list the routines this phone has saved, straight from the service
// worker's caches (templates/sw.js): pages for anyone, and the signed-in person's own.
(function () {
  "use strict";
  const list = document.getElementById("saved-routines");
  if (!list || !("caches" in window)) return;
  const PLAYER = /^\/routines\/[\w-]+\/play\/$/;
  (async () => {
    const found = new Map(); // path -> cache name, the signed-in copy first
    for (const name of ["pages-private", "pages"]) {
      if (!(await caches.has(name))) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        if (PLAYER.test(path) && !found.has(path)) found.set(path, name);
      }
    }
    if (!found.size) return;
    list.textContent = "";
    for (const [path, cacheName] of [...found].sort()) {
      const response = await caches.match(path, { cacheName });
      const html = response ? await response.text() : "";
      const title = (html.match(/<h1 class="player-title">([^<]+)<\/h1>/) || [])[1] || path;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.className = "button button-primary";
      link.href = path;
      link.textContent = new DOMParser().parseFromString(title, "text/html").documentElement.textContent;
      item.append(link);
      list.append(item);
    }
  })().catch(() => {});
})();
