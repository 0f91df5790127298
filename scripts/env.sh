# Shared environment for the osslab scripts. Source it: `source scripts/env.sh`
# (also handy in an interactive shell, so `trunk` finds wasm-opt 132 and wasm-bindgen).

OSSLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OSSLAB_ROOT

# wasm-opt 132 (npm binaryen@132) first on PATH: Debian's binaryen (wasm-opt 108) silently
# breaks the wasm. Then cargo-installed tools (trunk, wasm-bindgen, wasm-bindgen-test-runner).
OSSLAB_NODE_BIN="$OSSLAB_ROOT/tests/e2e/node_modules/.bin"
case ":$PATH:" in
  *":$OSSLAB_NODE_BIN:"*) ;;
  *) PATH="$OSSLAB_NODE_BIN:$PATH" ;;
esac
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) PATH="$PATH:$CARGO_BIN" ;;
esac
export PATH

# Pinned tool versions (wasm-bindgen's comes from Cargo.lock, see osslab_wasm_bindgen_version).
OSSLAB_TRUNK_VERSION="0.21.14"
OSSLAB_BINARYEN_VERSION="132"

# Where cargo puts build output (honours CARGO_TARGET_DIR).
osslab_target_dir() {
  local dir="${CARGO_TARGET_DIR:-$OSSLAB_ROOT/target}"
  case "$dir" in
    /*) printf '%s\n' "$dir" ;;
    *) printf '%s\n' "$OSSLAB_ROOT/$dir" ;;
  esac
}

# The `wasm-bindgen` version locked in Cargo.lock: the CLI must be exactly this version.
osslab_wasm_bindgen_version() {
  awk '
    $0 == "[[package]]" { name = "" }
    /^name = / { gsub(/"/, "", $3); name = $3 }
    /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
  ' "$OSSLAB_ROOT/Cargo.lock"
}

osslab_log() { printf '\033[1;34m[osslab]\033[0m %s\n' "$*" >&2; }
osslab_die() { printf '\033[1;31m[osslab] error:\033[0m %s\n' "$*" >&2; exit 1; }
