#!/usr/bin/env bash
# OCR quality and speed on test scans made from known text: an English and an Arabic page are printed by Chromium,
# rasterised by pdftoppm at 150 and 300 dpi, and ingested by `archive ingest` both as PNG images and wrapped as
# scanned PDFs (an image, no text layer). Reports word recall against the known text, whether a search for a phrase
# from the scan finds it, and OCR pages per minute: of `archive ingest` (wall time, process start and PDF rasterising
# included) and of Tesseract alone on the PNG with the same settings (one thread, as ingest runs it).
# Too slow for the unit-test suite (about a minute), so it is a script: run it and quote its figures.
#
# Usage: tests/scripts/ocr-quality.sh     [LANGS_EN=eng] [LANGS_AR=ara] (Tesseract languages for --ocr-lang)
# Needs: the .NET SDK, chromium, poppler-utils, tesseract-ocr (+ -eng, -ara), fonts-noto-core, python3.
set -euo pipefail

langs_en=${LANGS_EN:-eng}
langs_ar=${LANGS_AR:-ara}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/archive-ocr.XXXXXX")
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/Archive.Cli/Archive.Cli.csproj" -c Release -o "$work/cli" -nologo -v quiet >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
archive() { dotnet "$work/cli/archive.dll" --archive "$work/archive" "$@"; }
archive init >/dev/null

# The known texts. English: the opening of a committed sample source; Arabic: a news-style text with Arabic-Indic
# digits, written for this test.
head -c 2600 "$repo/archive/sources/000_8970b555c56b5fc6.txt" | sed '$d' >"$work/en.txt"
cat >"$work/ar.txt" <<'AR'
في ٢٠ كانون الثاني ٢٠٢٢ هاجم مسلحون سجن الصناعة في مدينة الحسكة شمال شرق سوريا، وقالت قوات سوريا الديمقراطية إن عددا من المحتجزين فروا خلال الهجوم.
وأضافت القوات في بيان أن الاشتباكات استمرت عدة أيام في الأحياء المحيطة بالسجن، وأن فرقها استعادت السيطرة على المبنى بعد عملية واسعة شارك فيها التحالف الدولي.
وقال مسؤول محلي إن آلاف السكان نزحوا من حي غويران إلى أحياء أخرى في المدينة، وإن المنظمات الإنسانية طالبت بفتح ممرات آمنة لإيصال المساعدات إلى العائلات.
وذكرت مصادر طبية أن المستشفى الوطني في الحسكة استقبل عشرات الجرحى، بينهم مدنيون، وأن الطواقم عملت على مدار الساعة رغم نقص الأدوية والوقود.
وأشار تقرير صادر عن الأمم المتحدة إلى أن السجن كان يضم نحو ٣٥٠٠ محتجز، بينهم قاصرون، ودعا إلى نقل الأطفال إلى مراكز إعادة تأهيل مناسبة.
وفي اليوم التالي أعلنت السلطات حظر تجول شامل في المدينة، وأغلقت الطرق المؤدية إليها، بينما واصلت الطائرات تحليقها فوق المنطقة الصناعية.
AR

python3 - "$work" <<'PY'
import html, sys, pathlib
work = pathlib.Path(sys.argv[1])
for lang, direction, font, size in (("en", "ltr", "'Noto Serif', 'DejaVu Serif', serif", "12pt"), ("ar", "rtl", "'Noto Naskh Arabic', 'Noto Sans Arabic', serif", "14pt")):
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in (work / f"{lang}.txt").read_text(encoding="utf-8").split("\n") if p.strip())
    (work / f"{lang}.html").write_text(
        f"<!doctype html><html lang='{lang}' dir='{direction}'><head><meta charset='utf-8'><style>@page {{ size: A4; margin: 2cm }}"
        f" body {{ font-family: {font}; font-size: {size}; line-height: 1.5 }}</style></head><body>{paragraphs}</body></html>",
        encoding="utf-8")
PY

for lang in en ar; do
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$work/chromium" --no-pdf-header-footer --print-to-pdf="$work/$lang.pdf" "file://$work/$lang.html" 2>/dev/null
    pages=$(pdfinfo "$work/$lang.pdf" | awk '/^Pages:/ {print $2}')
    [[ $pages == 1 ]] || { echo "the $lang page did not fit on one page ($pages pages)" >&2; exit 1; }
    for dpi in 150 300; do
        mkdir -p "$work/in/$lang-$dpi"
        pdftoppm -r "$dpi" -gray -png -singlefile "$work/$lang.pdf" "$work/in/$lang-$dpi/page"
        pdftoppm -r "$dpi" -gray -singlefile "$work/$lang.pdf" "$work/$lang-$dpi"
        python3 - "$work/$lang-$dpi.pgm" "$dpi" "$work/in/$lang-$dpi/scan.pdf" <<'PY'
import sys, zlib
pgm, dpi, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(pgm, "rb").read()
fields, at = [], 0
while len(fields) < 4:
    while data[at:at + 1].isspace(): at += 1
    start = at
    while not data[at:at + 1].isspace(): at += 1
    fields.append(data[start:at])
w, h = int(fields[1]), int(fields[2])
pixels = zlib.compress(data[at + 1:at + 1 + w * h])
pw, ph = w * 72 / dpi, h * 72 / dpi
content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im1 Do Q".encode()
objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".encode(),
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(pixels)} >>\nstream\n".encode() + pixels + b"\nendstream"]
pdf, offsets = bytearray(b"%PDF-1.4\n"), []
for i, body in enumerate(objects, 1):
    offsets.append(len(pdf)); pdf += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
open(out, "wb").write(pdf)
PY
    done
done

printf '%-4s %4s %-4s %8s %8s %9s %9s %6s %s\n' lang dpi kind recall folded ingest/min ocr/min search words
for lang in en ar; do
    [[ $lang == en ]] && langs=$langs_en || langs=$langs_ar
    for dpi in 150 300; do
        for kind in png pdf; do
            file=$work/in/$lang-$dpi/$([[ $kind == png ]] && echo page.png || echo scan.pdf)
            start=$(date +%s.%N)
            id=$(archive ingest --json --ocr-lang "$langs" "$file" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; print(r["capture_id"] if r["status"]=="ingested" else sys.exit(r.get("reason","not ingested")))')
            end=$(date +%s.%N)
            ocr_start=$(date +%s.%N)
            OMP_THREAD_LIMIT=1 tesseract "$work/in/$lang-$dpi/page.png" - -l "$langs" --psm 1 --oem 1 tsv >/dev/null 2>&1
            ocr_end=$(date +%s.%N)
            archive text "$id" >"$work/$lang-$dpi-$kind.ocr.txt"
            # A phrase of three words from the middle of the known text, searched as a phrase.
            phrase=$(python3 -c 'import re,sys; w=re.findall(r"\w+", open(sys.argv[1], encoding="utf-8").read()); print(" ".join(w[len(w)//2:len(w)//2+3]))' "$work/$lang.txt")
            found=$(archive search --json "\"$phrase\"" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("yes" if any(h.get("capture_id")==sys.argv[1] or h.get("id")==sys.argv[1] for h in d.get("hits", d.get("results", []))) else "no")' "$id")
            python3 - "$work/$lang.txt" "$work/$lang-$dpi-$kind.ocr.txt" "$start" "$end" "$lang" "$dpi" "$kind" "$found" "$ocr_start" "$ocr_end" <<'PY'
import re, sys, unicodedata
from collections import Counter
truth, ocr, start, end, lang, dpi, kind, found, ocr_start, ocr_end = sys.argv[1:]
def words(path, fold):
    text = unicodedata.normalize("NFC", open(path, encoding="utf-8").read()).casefold()
    if fold:  # the letter variants search folds: alef forms, alef maksura, teh marbuta
        text = text.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}))
    return Counter(re.findall(r"\w+", text))
def recall(fold):
    known, got = words(truth, fold), words(ocr, fold)
    return 100 * sum((known & got).values()) / sum(known.values())
seconds = float(end) - float(start)
ocr_seconds = float(ocr_end) - float(ocr_start)
print(f"{lang:<4} {dpi:>4} {kind:<4} {recall(False):7.2f}% {recall(True):7.2f}% {60 / seconds:9.1f} {60 / ocr_seconds:9.1f} {found:>6} {sum(words(truth, False).values())}")
PY
        done
    done
done
