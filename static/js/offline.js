// On the offline page: list the routines this phone has saved, straight from the cache.
(function () {
  "use strict";
  const list = document.getElementById("saved-routines");
  if (!list || !("caches" in window)) return;
  caches
    .open("pages")
    .then((cache) => cache.keys())
    .then(async (requests) => {
      const players = requests.map((r) => new URL(r.url).pathname).filter((p) => /^\/routines\/[\w-]+\/play\/$/.test(p));
      if (!players.length) return;
      list.textContent = "";
      for (const path of players.sort()) {
        const response = await caches.match(path, { cacheName: "pages" });
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
    })
    .catch(() => {});
})();
