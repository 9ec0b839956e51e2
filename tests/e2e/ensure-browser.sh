#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium; CJK fonts make Chinese render as text, not boxes.
set -euo pipefail
have_fonts() { dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed"; }
if [ -x /usr/bin/chromium ] && have_fonts; then
  exit 0
fi
install="apt-get update && apt-get install -y chromium fonts-noto-cjk"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's chromium and fonts-noto-cjk for the end-to-end tests"
  DEBIAN_FRONTEND=noninteractive bash -c "apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk" >/dev/null
  exit 0
fi
echo "The end-to-end tests need Debian's Chromium and CJK fonts. Run:" >&2
echo "  sudo sh -c '$install'" >&2
exit 1
