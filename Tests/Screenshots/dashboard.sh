#!/bin/sh
# Looks at the outbox as a person would: renders outbox/index.html with headless Chromium at a
# laptop (1280 px) and a phone (390 px) width, in its opening view and with other controls set
# through the address (#product=…&horizon=…&factor=…), renders the first product's three SVG
# charts, points at the charts (each day's values), filters and sorts the overview
# (browse.mjs, through the DevTools protocol), checks that nothing needs sideways scrolling at
# 390 px, and checks in the browser that the page's cards at horizon 60 / factor 1.5 are what
# `stockcast forecast` computes for the same settings.
#
#   apt-get install -y chromium        # once (Debian's package; not needed by the tests)
#   swift run -c release stockcast run --once --demo
#   Tests/Screenshots/dashboard.sh [WORKDIR] [SHOTS]     # defaults: . and .build/screenshots
#
# Without a daemon's work directory (no `stockcast forecast` check: STOCKCAST=none), any outbox:
#   swift run -c release stockcast-bench reports --sizes 2000 --outbox /tmp/bench/outbox
#   STOCKCAST=none Tests/Screenshots/dashboard.sh /tmp/bench /tmp/shots
#
# Not part of `swift test`: it needs Chromium and a display-less browser run takes seconds.
set -eu
workdir=$(realpath "${1:-.}")
shots=$(realpath -m "${2:-.build/screenshots}")
outbox="$workdir/outbox"
stockcast=${STOCKCAST:-$(swift build -c release --show-bin-path 2>/dev/null)/stockcast}
[ "$stockcast" = none ] || stockcast=$(realpath "$stockcast")
here=$(dirname "$(realpath "$0")")
mkdir -p "$shots"
chrome() { chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars "$@"; }
shoot() { chrome --window-size="$2" --screenshot="$shots/$1.png" "$3" >/dev/null 2>&1; echo "wrote $shots/$1.png"; }

[ -f "$outbox/index.html" ] || { echo "no $outbox/index.html: run stockcast first" >&2; exit 1; }
# The product the page opens on, and its folder under products/, from the page's own data.
read -r encoded folder <<EOF2
$(python3 - "$outbox/index.html" <<'PY'
import json, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
data = json.loads(re.search(r'<script type="application/json" id="stockcast-data">(.*?)</script>', page, re.S).group(1))
row = dict(zip(data["columns"], data["products"][data["opening"]]))
print(urllib.parse.quote(row["id"], safe=""), urllib.parse.quote(row["folder"] if row["folder"] is not None else row["id"]))
PY
)
EOF2
product=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$encoded")
page="file://$outbox/index.html"

shoot index-1280 1280,2300 "$page"
shoot index-390 390,4200 "$page"
shoot index-1280-h60-f1.5 1280,2300 "$page#product=$encoded&horizon=60&factor=1.5"
shoot index-1280-h7-f2 1280,2300 "$page#product=$encoded&horizon=7&factor=2"
for chart in sales returns inventory; do
    shoot "chart-$chart" 800,400 "file://$outbox/products/$folder/$chart.svg"
done

# As a person uses it: pointing at the charts, filtering and sorting the overview, at both widths.
browse() { node --experimental-websocket "$here/browse.mjs" "$@" 2>&1 | grep -v dbus; }
overflow="[document.documentElement.scrollWidth, ...[...document.querySelectorAll('.scroll')].map((e) => e.scrollWidth - e.clientWidth)]"
browse "$page" 1280x900 "$shots" hover "#chart-sales" 0.7 clip "#chart-sales" hover-1280-sales hover "#chart-inventory" 0.25 clip "#chart-inventory" hover-1280-inventory \
    type "#filter" "1" click ".overview thead button[data-sort=inventory]" clip "#overview" overview-1280-filtered-by-inventory
browse "$page" 390x900 "$shots" hover "#chart-sales" 0.85 clip "#chart-sales" hover-390-sales hover "#chart-inventory" 0.3 clip "#chart-inventory" hover-390-inventory \
    clip "#overview" overview-390 print "$overflow" > "$shots/browse-390.log"
cat "$shots/browse-390.log"
# Nothing wider than the phone, no table that scrolls sideways: [390, 0, 0] (and one more 0 for
# the proposed orders, with stock data).
tail -1 "$shots/browse-390.log" | grep -Eq '^\[390(,0)+\]$' || { echo "something needs sideways scrolling at 390 px" >&2; exit 1; }
[ "$stockcast" = none ] && exit 0

# The controls, in the browser: the cards after the page's script ran with horizon 60, factor 1.5,
# against `stockcast forecast` with the same settings (report.json rounds to 2 decimals, the page
# shows 1 for sales and 0 for inventory: equal within those roundings).
chrome --dump-dom --enable-logging=stderr --v=0 "$page#product=$encoded&horizon=60&factor=1.5" > "$shots/dom.html" 2> "$shots/console.log" || true
if grep -q "Uncaught" "$shots/console.log"; then grep "Uncaught" "$shots/console.log" >&2; echo "the page's script failed" >&2; exit 1; fi
(cd "$workdir" && "$stockcast" forecast --product "$product" --horizon 60 --safety-factor 1.5 --format json) > "$shots/forecast.json"
python3 - "$shots/dom.html" "$shots/forecast.json" <<'PY'
import json, re, sys
dom, metrics = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))["metrics"]
card = lambda name: float(re.search(r'id="m-%s">([^<]*)' % name, dom).group(1).replace(",", "").replace("&nbsp;", "").rstrip("%"))
checks = [("sales/day", card("sales"), metrics["avg_forecast_sales_per_day"], 0.055),
          ("returns/day", card("returns"), metrics["avg_forecast_returns_per_day"], 0.055),
          ("return rate %", card("rate"), 100 * metrics["return_rate"], 0.055),
          ("inventory", card("inventory"), metrics["recommended_inventory_total"], 0.505)]
bad = [c for c in checks if abs(c[1] - c[2]) > c[3]]
for name, page, want, _ in checks:
    print(f"horizon 60, factor 1.5, {name}: page {page}, stockcast forecast {want}")
if bad:
    sys.exit("MISMATCH: " + ", ".join(c[0] for c in bad))
print("controls agree with stockcast forecast")
PY
