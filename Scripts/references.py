#!/usr/bin/env python3
"""The statsforecast reference columns of the README's accuracy table, and how the served
forecast compares with each reference at the same total.

Not part of the build or the tests (they never depend on Python). In a scratch environment:

    python3 -m venv /tmp/sf && /tmp/sf/bin/pip install statsforecast==2.1.1
    .build/release/stockcast-bench accuracy [--origins N] --dump /tmp/dump.jsonl
    /tmp/sf/bin/python Scripts/references.py [--origins N] [--dump /tmp/dump.jsonl]
    /tmp/sf/bin/python Scripts/references.py --origins 12 --spacing 14 --offset 44

For each data set of `stockcast-bench accuracy` and each measure (sales, returns) it holds out
the same days as the bench (the 30 days after 30·N, …, 60, 30 days before the end; with
--spacing and --offset, the 30 days after offset, offset + spacing, … days before the end), fits
AutoETS(season_length=7), CrostonSBA(), TSB(alpha_d=0.2, alpha_p=0.2), ADIDA(), IMAPA() and
SeasonalNaive(7) to the days before, clamps their forecasts at 0, and prints
- MASE: the mean over series × origins of MAE ÷ the in-sample seasonal-naive-7 MAE
  (mean |y[t] − y[t−7]| of the days before the origin), as the bench scores it;
- bias: total forecast ÷ total actual;
- zero: MASE of forecasting 0 every day, and the share of held-out days that are 0.
With --dump (the bench's dump of the same origins) it adds the served forecast, and the served
forecast multiplied by k = (reference total ÷ served total): its MASE at the reference's bias,
which separates what a forecast knows from the level it forecasts (MAE rewards forecasting low
where most days are 0).
"""
import argparse
import collections
import csv
import datetime
import json
import os
import warnings

import numpy as np

warnings.filterwarnings("ignore")
from statsforecast.models import ADIDA, IMAPA, TSB, AutoETS, CrostonSBA, SeasonalNaive  # noqa: E402

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
SETS = [
    ("seed data", "seed_synthetic.csv"),
    ("Superstore APAC categories", "real/superstore_apac_category.csv"),
    ("Superstore APAC sub-categories", "real/superstore_apac_subcategory.csv"),
]
HORIZON = 30


def references():
    return {
        "AutoETS": AutoETS(season_length=7),
        "CrostonSBA": CrostonSBA(),
        "TSB": TSB(alpha_d=0.2, alpha_p=0.2),
        "ADIDA": ADIDA(),
        "IMAPA": IMAPA(),
        "SeasonalNaive": SeasonalNaive(season_length=7),
    }


def read(path):
    """Product → sales and returns by day; the rows of a product must be consecutive days."""
    series = collections.defaultdict(lambda: {"sales": [], "returns": [], "last": None})
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            s, day = series[row["Product_ID"]], datetime.date.fromisoformat(row["Date"])
            if s["last"] is not None and day != s["last"] + datetime.timedelta(days=1):
                raise SystemExit(f"{path}: {row['Product_ID']} jumps from {s['last']} to {day}; this script needs consecutive days")
            s["last"] = day
            s["sales"].append(float(row["Sales"]))
            s["returns"].append(float(row["Returns"]))
    return series


def scale(history):
    errors = np.abs(history[7:] - history[:-7])
    s = errors.mean() if len(errors) else 0.0
    return s if s > 0 else None


def served_by_case(dump, title, backs):
    """(product, series, days before the end) → served forecast, from the bench's dump."""
    if not dump or backs != [HORIZON * (i + 1) for i in range(len(backs))]:
        return {}
    rows = collections.defaultdict(list)
    with open(dump) as f:
        for line in f:
            r = json.loads(line)
            if r["set"] == title and "served_values" in r:
                rows[(r["product"], r["series"])].append(r)
    served = {}
    for (product, kind), rs in rows.items():
        rs.sort(key=lambda r: r["origin"], reverse=True)  # newest first: 30, 60, … days back
        for i, r in enumerate(rs):
            served[(product, kind, HORIZON * (i + 1))] = np.array(r["served_values"])
    return served


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--origins", type=int, default=1)
    parser.add_argument("--dump")
    parser.add_argument("--spacing", type=int, default=HORIZON)
    parser.add_argument("--offset", type=int, default=HORIZON)
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args()
    backs = [args.offset + args.spacing * k for k in range(args.origins)]
    for title, name in SETS:
        data = read(os.path.join(args.data, name))
        served = served_by_case(args.dump, title, backs)
        print(f"== {title}: {', '.join(map(str, backs))} days before the end")
        for kind in ("sales", "returns"):
            cases = []  # (actual, scale, {name: forecast})
            for product, columns in data.items():
                y = np.array(columns[kind])
                for back in backs:
                    history, actual = y[: len(y) - back], y[len(y) - back : len(y) - back + HORIZON]
                    s = scale(history)
                    if s is None:
                        continue
                    forecasts = {
                        n: np.maximum(0, m.forecast(y=history, h=HORIZON)["mean"]) for n, m in references().items()
                    }
                    forecasts["zero"] = np.zeros(HORIZON)
                    if (product, kind, back) in served:
                        forecasts["served"] = served[(product, kind, back)]
                    cases.append((actual, s, forecasts))
            total = sum(a.sum() for a, _, _ in cases)

            def mase(name, k=1.0):
                return np.mean([np.mean(np.abs(k * f[name] - a)) / s for a, s, f in cases])

            def bias(name):
                return sum(f[name].sum() for _, _, f in cases) / total if total > 0 else float("nan")

            zero_days = np.mean([np.mean(a == 0) for a, _, _ in cases])
            line = [f"{n} {mase(n):.3f} (bias {bias(n):.2f})" for n in references()]
            print(f"{kind:8s} " + ", ".join(line) + f"; zero {mase('zero'):.3f}, {zero_days:.0%} of days 0")
            if all("served" in f for _, _, f in cases):
                matched = ", ".join(f"×{bias(n) / bias('served'):.2f} = {mase('served', bias(n) / bias('served')):.3f} at {n}'s bias" for n in ("AutoETS", "CrostonSBA", "TSB"))
                print(f"{'':8s} served {mase('served'):.3f} (bias {bias('served'):.2f}); served {matched}")


if __name__ == "__main__":
    main()
