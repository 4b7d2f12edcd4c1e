// The "Try it" page's service worker: it keeps the Python runtime (Pyodide, some 13 MB)
// in the browser's cache, so that a second visit does not download it again. Only the
// files of a versioned runtime folder (try/runtime/pyodide-VERSION/) are kept; they never
// change under the same name, and a new version's files replace the old ones. The page
// registers it with the scope of the page only; everything else goes to the network.
"use strict";

const CACHE = "guideline-try-runtime";
const RUNTIME = /\/try\/runtime\/pyodide-[^/]+\//;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const folder = RUNTIME.exec(new URL(event.request.url).pathname);
  if (event.request.method !== "GET" || !folder) return;
  event.respondWith(fromCache(event, folder[0]));
});

// A kept copy if there is one; otherwise the network's answer, streamed to the page
// (which compiles as it arrives) while a copy is kept.
async function fromCache(event, folder) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(event.request.url);
  if (kept) return kept;
  const response = await fetch(event.request.url);
  if (response.ok) event.waitUntil(keep(cache, event.request.url, response.clone(), folder));
  return response;
}

async function keep(cache, url, response, folder) {
  await cache.put(url, response);
  for (const key of await cache.keys()) {
    if (!new URL(key.url).pathname.includes(folder)) await cache.delete(key);
  }
}
