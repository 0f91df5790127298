// Starts the osslab wasm app. Trunk's `pattern_script` (Trunk.toml) puts the hashed file names on
// this script's tag, so index.html needs no inline script and its CSP can forbid them.
const tag = document.querySelector("script[data-osslab-js]");

// The static shell in index.html paints from the HTML and the stylesheets alone. Only once it is
// on screen (the first-contentful-paint entry arrives after the frame is presented) does the
// module, hundreds of KB, start downloading: on a slow network it does not compete with them for
// the first paint. A hidden tab paints nothing until shown: it starts at once.
await new Promise((resolve) => {
  if (document.visibilityState !== "visible") return resolve();
  if (!PerformanceObserver.supportedEntryTypes?.includes("paint")) {
    return requestAnimationFrame(() => setTimeout(resolve));
  }
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName("first-contentful-paint").length) {
      observer.disconnect();
      resolve();
    }
  }).observe({ type: "paint", buffered: true });
});
// The wasm and its JS glue download side by side; the glue compiles the wasm as it streams in.
const wasm = fetch(tag.dataset.osslabWasm);
const { default: init } = await import(tag.dataset.osslabJs);
await init({ module_or_path: wasm });
// The app is mounted (synchronously, inside init). Removing the shell in the same task means
// the browser never paints both, and nothing that was on screen moves.
document.getElementById("shell")?.remove();
dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
