#!/usr/bin/env bash
# Install the Debian packages clipcontest needs, only those that are missing.
#   scripts/system-deps.sh base   -> what the demo needs (gettext for the translations)
#   scripts/system-deps.sh test   -> base + Chromium for the browser tests
set -euo pipefail

want=(
  gettext                  # msgfmt compiles the Vietnamese catalogue
  libreoffice-writer-nogui # turns the generated Word documents into PDF
  fonts-liberation2        # Times New Roman metrics, with every Vietnamese diacritic
  fonts-dejavu-core        # WeasyPrint's fallback font, with every Vietnamese diacritic
  libpango-1.0-0           # WeasyPrint lays out the certificates with Pango
  libpangoft2-1.0-0
  libharfbuzz-subset0      # WeasyPrint subsets the embedded fonts with it (fontTools is 5x slower)
  libicu-dev               # PyICU (Vietnamese collation of names) builds against ICU
  pkg-config
)
if [ "${1:-base}" = "test" ]; then
  want+=(
    chromium               # Playwright drives Debian's Chromium
    poppler-utils          # pdftotext reads the generated PDFs back in tests
  )
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "clipcontest needs these Debian packages: ${missing[*]}" >&2
    echo "Install them as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  $sudo apt-get update >/dev/null
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
}
