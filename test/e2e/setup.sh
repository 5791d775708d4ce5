#!/usr/bin/env bash
# Installs what the end-to-end tests need when it is missing: Debian's Chromium
# (plus rg, a Chinese font and the kerberos headers code-server's native module needs) and
# code-server 4.100.3 (VS Code 1.100.3) in the git-ignored .vscode-test/ folder.
# Recipe and reasons: ../shared/notes/vscode-e2e.md.
# `setup.sh browser` installs only the browser (what the webview tests need).
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.100.3
CS_DIR=.vscode-test/code-server
CS_BIN=$CS_DIR/node_modules/.bin/code-server

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] || need_apt+=(libkrb5-dev)
# A font with Chinese characters, or the screenshots of the Chinese panel and workbench show boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  for attempt in 1 2 3 4 5 6; do   # another apt may hold the lock for a while
    if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"; then break; fi
    [ "$attempt" = 6 ] && { echo "e2e setup: apt-get failed" >&2; exit 1; }
    sleep 20
  done
fi

[ "${1:-}" = browser ] && exit 0

# VS Code's own Chinese strings for the Chinese workbench (test/e2e/language-pack.ts builds a
# language pack from them). The npm packages of monaco-vscode-api 17.1 are built from VS Code
# 1.100, the VS Code inside code-server 4.100.3; the views and quick-access packages add the
# workbench's module names (Problems, the command palette) to match its strings by.
ZH_DIR=.vscode-test/zh-hans
ZH_VERSION=17.1.2
if [ ! -f "$ZH_DIR/node_modules/@codingame/monaco-vscode-language-pack-zh-hans/package.json" ]; then
  echo "e2e setup: installing VS Code's Chinese strings into $ZH_DIR"
  mkdir -p "$ZH_DIR"
  npm install --no-audit --no-fund --ignore-scripts --prefix "$ZH_DIR" \
    "@codingame/monaco-vscode-language-pack-zh-hans@$ZH_VERSION" \
    "@codingame/monaco-vscode-views-service-override@$ZH_VERSION" \
    "@codingame/monaco-vscode-quickaccess-service-override@$ZH_VERSION"
fi

if [ -x "$CS_BIN" ] && "$CS_BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; then
  echo "e2e setup: code-server $CODE_SERVER_VERSION present"
  exit 0
fi

echo "e2e setup: installing code-server $CODE_SERVER_VERSION into $CS_DIR (a few minutes)"
# @vscode/ripgrep's install script downloads rg from the internet unless its cache holds it: seed the cache with Debian's rg.
TMP=$(node -p 'require("os").tmpdir()')
STAGE=$(mktemp -d)
cp "$(command -v rg)" "$STAGE/rg"
for v in 1.15.11 1.15.9 1.15.10 1.15.14; do
  mkdir -p "$TMP/vscode-ripgrep-cache-$v"
  tar czf "$TMP/vscode-ripgrep-cache-$v/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$STAGE" rg
done
rm -rf "$STAGE"
mkdir -p "$CS_DIR"
npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --prefix "$CS_DIR" "code-server@$CODE_SERVER_VERSION"
"$CS_BIN" --version
