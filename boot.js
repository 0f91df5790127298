// Starts the osslab wasm app. Trunk's `pattern_script` (Trunk.toml) puts the hashed file names on
// this script's tag, so index.html needs no inline script and its CSP can forbid them.
const tag = document.querySelector("script[data-osslab-js]");
const { default: init } = await import(tag.dataset.osslabJs);
await init({ module_or_path: tag.dataset.osslabWasm });
dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
