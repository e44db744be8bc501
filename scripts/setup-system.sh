#!/usr/bin/env bash
# Install the system packages accesspack needs, when missing (Debian/Ubuntu).
# LibreOffice (DOCX -> PDF), fonts it embeds, Tesseract with its language data (OCR), and
# qpdf/poppler used by the tests.
set -euo pipefail

need=()
command -v soffice   >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v qpdf      >/dev/null 2>&1 || need+=(qpdf)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v fc-list   >/dev/null 2>&1 || need+=(fontconfig)
fonts=$(fc-list 2>/dev/null || true)
grep -q "LiberationSans-Regular"   <<<"$fonts" || need+=(fonts-liberation2)
grep -q "NotoSansCJK"              <<<"$fonts" || need+=(fonts-noto-cjk)
grep -q "NotoSans-Regular"         <<<"$fonts" || need+=(fonts-noto-core)
grep -q "Carlito"                  <<<"$fonts" || need+=(fonts-crosextra-carlito)
grep -q "Caladea"                  <<<"$fonts" || need+=(fonts-crosextra-caladea)
grep -q "wqy-microhei"             <<<"$fonts" || need+=(fonts-wqy-microhei)  # TrueType CJK the collator draws with
# OCR of scanned uploads (ocrmypdf over Tesseract), in the routes' and uploads' languages;
# tests also read rendered Chinese pages back with it. ocrmypdf needs no Ghostscript for
# what accesspack asks of it (plain PDF output, no PDF/A, pages rasterised by pypdfium2).
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
langs=$(tesseract --list-langs 2>/dev/null || true)
for lang in eng fra deu ita spa chi_sim; do
  grep -qx "$lang" <<<"$langs" || need+=("tesseract-ocr-${lang//_/-}")
done
# LibreOffice's UNO bindings for Debian's python3: batches keep one LibreOffice running per
# worker (accesspack.convert.LibreOfficeServerConverter) instead of starting one per case
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import uno" >/dev/null 2>&1; } || need+=(python3-uno)
py=${PYTHON:-python3}
"$py" -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages to install: ${need[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "run as root, or install: ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
