#!/usr/bin/env bash
# Installs the Debian packages the test suites drive for real: Chromium (browser tests), qpdf and
# poppler-utils (packet checks, PDF pages rendered for OCR), DejaVu fonts (packet drawing), tesseract with its
# English and Spanish data (OCR of evidence), PostgreSQL (second integration pass), Node.js and npm (the contract lint),
# then the pinned npm tools of tests/contract and the S3-compatible server of tests/s3 (npm ci, only when a lock file changed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

install_contract_tools() {
  local dir
  for dir in "$root/tests/contract" "$root/tests/s3"; do
    if [ -f "$dir/node_modules/.package-lock.json" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.ccr-lock"; then
      continue
    fi
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error </dev/null >&2)
    cp "$dir/package-lock.json" "$dir/node_modules/.ccr-lock"
  done
}
trap install_contract_tools EXIT
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-eng)
ls /usr/share/tesseract-ocr/*/tessdata/spa.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-spa)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    trap - EXIT
    sudo -n "$0" "$@"
    install_contract_tools
    exit 0
  fi
  echo "Missing Debian packages: ${missing[*]}. Run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing ${missing[*]} ..." >&2
apt_wait() {
  # Another install (unattended upgrades, a second test run) may hold the package manager's lock: wait for it
  # (apt's own lock timeout), and retry a run that still lost the race, instead of failing the suite.
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if apt-get -o DPkg::Lock::Timeout=300 "$@" >&2; then
      return 0
    fi
    echo "apt-get $1 failed (attempt $attempt); waiting for the package manager's lock ..." >&2
    sleep 20
  done
  return 1
}
apt_wait update -qq
apt_wait install -y -qq --no-install-recommends "${missing[@]}"
