#!/usr/bin/env bash
# Installs the Debian packages Archive uses, if any are missing:
#   poppler-utils (pdftotext, for PDF ingest and PDF checks), qpdf (PDF structure checks),
#   chromium (prints briefing packs; web capture; browser tests), fonts-noto-core (Arabic in PDFs),
#   fonts-noto-color-emoji (emoji in quoted posts print, and pdftotext gives them back), openssl (signature
#   checks, the RFC 3161 test TSA), python3 (outside checkers: verify-outside.sh, bag-proofs.py), nodejs and npm
#   (outside checkers from npm), tesseract-ocr with English, Arabic and Persian data (OCR of images and scanned PDF
#   pages), clang and zlib1g-dev (the linker and a library of the CLI's native AOT build, scripts/build-cli.sh);
# then the npm package warcio 2.4.11 into .build/node/ (the outside WARC reader of the capture tests).
set -euo pipefail

packages=(poppler-utils qpdf chromium fonts-noto-core fonts-noto-color-emoji openssl python3 ca-certificates nodejs tesseract-ocr tesseract-ocr-eng tesseract-ocr-ara tesseract-ocr-fas clang zlib1g-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs comes without npm (NodeSource's bundles it): ask for npm only when the command is missing.
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  bash "$(dirname "$0")/../tests/scripts/install-warcio.sh"
  exit 0
fi

echo "installing: ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
bash "$(dirname "$0")/../tests/scripts/install-warcio.sh"
