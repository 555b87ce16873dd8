#!/bin/sh
# Remake the pictures of docs/rendering.md: the first page of each output of examples/child-o.yaml.
# Needs learnsum (.venv), LibreOffice, poppler-utils (pdftoppm) and Chromium; run from the
# repository's root: `make docs-images`.
set -eu
BIN=${BIN:-.venv/bin}
IMAGES=docs/images
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CHROMIUM="chromium --headless --disable-gpu --no-first-run --user-data-dir=$WORK/profile"
[ "$(id -u)" = 0 ] && CHROMIUM="$CHROMIUM --no-sandbox"

"$BIN/learnsum" render examples/child-o.yaml --format all --marking OFFICIAL-SENSITIVE \
  --today 2026-11-25 -o "$WORK/out"

# Word: the .docx as LibreOffice lays it out (its own conversion, not learnsum's PDF).
soffice "-env:UserInstallation=file://$WORK/lo" --headless --convert-to pdf \
  --outdir "$WORK/docx" "$WORK/out/child-o.docx" >/dev/null 2>&1
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$WORK/docx/child-o.pdf" "$IMAGES/child-o-docx-page-1"
pdftoppm -png -r 60 -f 2 -l 2 -singlefile "$WORK/docx/child-o.pdf" "$IMAGES/child-o-docx-page-2"
# PDF: learnsum's tagged PDF.
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$WORK/out/child-o.pdf" "$IMAGES/child-o-pdf-page-1"
# HTML: on a screen, on a phone, and printed from the browser.
$CHROMIUM --hide-scrollbars --window-size=1000,1400 --screenshot="$IMAGES/child-o-html.png" \
  "file://$WORK/out/child-o.html" 2>/dev/null
$CHROMIUM --hide-scrollbars --window-size=390,1100 --screenshot="$IMAGES/child-o-html-phone.png" \
  "file://$WORK/out/child-o.html" 2>/dev/null
$CHROMIUM --no-pdf-header-footer --print-to-pdf="$WORK/printed.pdf" \
  "file://$WORK/out/child-o.html" 2>/dev/null
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$WORK/printed.pdf" "$IMAGES/child-o-html-print-page-1"
# Markdown: as a Markdown viewer shows it (CommonMark with tables, by markdown-it-py).
"$BIN/python" - "$WORK/out/child-o.md" "$WORK/md.html" <<'PY'
import sys
from markdown_it import MarkdownIt

text = open(sys.argv[1], encoding="utf-8").read()
body = MarkdownIt("commonmark").enable("table").render(text)
style = ("body{font:15px/1.5 -apple-system,'Segoe UI',Arial,sans-serif;max-width:860px;"
         "margin:24px auto;padding:0 16px;color:#1f2328}table{border-collapse:collapse}"
         "td,th{border:1px solid #d0d7de;padding:4px 8px}h1,h2{border-bottom:1px solid #d8dee4}")
open(sys.argv[2], "w", encoding="utf-8").write(
    f'<!DOCTYPE html><html lang="en-GB"><meta charset="utf-8"><style>{style}</style>{body}')
PY
$CHROMIUM --hide-scrollbars --window-size=900,1300 --screenshot="$IMAGES/child-o-md.png" \
  "file://$WORK/md.html" 2>/dev/null
ls -l "$IMAGES"
