{% load static %}// SpasmCare's service worker. Served from /sw.js rather than /static/ so its scope is the whole site.
"use strict";

const ICON = "{% static 'icons/icon-192.png' %}";

// Whatever a message says, a tap only ever opens a page of this site.
function pageUrl(url) {
  try {
    const target = new URL(url || "/", self.location.origin);
    if (target.origin === self.location.origin) return target.href;
  } catch (e) {}
  return new URL("/", self.location.origin).href;
}

async function openPage(url) {
  const target = pageUrl(url);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => client.url === target);
  if (open) return open.focus();
  return self.clients.openWindow(target);
}

self.onpush = (event) => {
  // Subscribed with userVisibleOnly: every push must show a notification, even a garbled one.
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (e) {
    message = { body: event.data.text() };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "SpasmCare", {
      body: message.body || "",
      data: { url: pageUrl(message.url) },
      tag: message.tag || "spasmcare",
      icon: ICON,
      badge: ICON,
    })
  );
};

// Handlers are properties (not addEventListener) so the browser tests can call this one with a
// real notification: nothing outside the browser can tap a notification.
self.onnotificationclick = (event) => {
  event.notification.close();
  event.waitUntil(openPage(event.notification.data && event.notification.data.url));
};
