#!/usr/bin/env bash
# Renders every TUI pane from deterministic demo data (fixed clock, fixed seed) into
# screenshots/*.png. Needs rsvg-convert and a CJK font:
#   apt-get install librsvg2-bin fonts-wqy-zenhei fonts-dejavu-core
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "needs rsvg-convert: apt-get install librsvg2-bin fonts-wqy-zenhei" >&2; exit 1; }
svg_dir=target/screenshots
rm -rf "$svg_dir"
cargo run --quiet -- screenshots "$svg_dir" >/dev/null
for svg in "$svg_dir"/*.svg; do
  name=$(basename "$svg" .svg)
  rsvg-convert "$svg" -o "screenshots/$name.png"
  echo "screenshots/$name.png"
done
