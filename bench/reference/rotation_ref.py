#!/usr/bin/env python3
"""Independent pandas reference for Sextant's performance table and relative rotation.

Written from the formulas in DESIGN §4 / docs/methodology.md, not from the Go code:

  returns   simple returns on adjusted closes over 5/21/63/126/252 trading days and YTD;
            a boundary price is the last valid close at or before the boundary row
  excess    sector return - benchmark return over the same rows
  rank      descending rank among the sectors, ties share the better (min) rank, NaN -> 0
  weekly    the last trading day's close of each Monday-Sunday week; the as-of week ends at
            the as-of date; a symbol's weekly close is its last valid close in the week
  RS        100 * P / B
  RS-Ratio  100 + (RS - SMA_N(RS)) / SD_N(RS)
  ROC       100 * (RS-Ratio_t / RS-Ratio_{t-1} - 1)
  RS-Mom    100 + (ROC - SMA_N(ROC)) / SD_N(ROC)
            SMA/SD trailing over the last N samples including the current, SD with ddof=1
  quadrant  Leading (>=100, >=100), Weakening (>=100, <100), Lagging (<100, <100),
            Improving (<100, >=100)
  heading   atan2(d momentum, d ratio) in degrees in [0, 360) over the last tail segment

Input: a directory of yfinance CSVs (Date,Open,High,Low,Close,...,ticker); dates carry a
zone and are taken as their local calendar date. Output: JSON on stdout.

Usage: rotation_ref.py --data DIR --benchmark SPY --asof 2020-03-20 [--asof ...]
                       [--freq weekly|daily] [--window 14] [--tail 8]
"""
import argparse
import glob
import json
import math
import os
import sys

import numpy as np
import pandas as pd

WINDOWS = [("1w", 5), ("1m", 21), ("3m", 63), ("6m", 126), ("1y", 252), ("ytd", 0)]


def load(data_dir):
    cols = {}
    for path in sorted(glob.glob(os.path.join(data_dir, "*.csv"))):
        raw = pd.read_csv(path, usecols=["Date", "Close"], dtype={"Date": str})
        dates = pd.to_datetime(raw["Date"].str.slice(0, 10))  # local calendar date
        name = os.path.splitext(os.path.basename(path))[0]
        cols[name] = pd.Series(raw["Close"].to_numpy(float), index=dates)
    return pd.DataFrame(cols).sort_index()  # outer join on the union of dates


def clean(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def performance(px, bench):
    filled = px.ffill()  # last valid close at or before each row
    end = len(px) - 1
    last = filled.iloc[end]
    out = {}
    for name, days in WINDOWS:
        if days > 0:
            start = end - days
        else:
            prior = np.nonzero(px.index.year < px.index[end].year)[0]
            start = prior[-1] if len(prior) else -1
        if start < 0:
            ret = pd.Series(np.nan, index=px.columns)
        else:
            first = filled.iloc[start]
            ret = last / first.where(first > 0) - 1
        excess = ret - ret[bench]
        peers = ret.drop(bench)
        rank = peers.rank(ascending=False, method="min").fillna(0).astype(int)
        out[name] = (ret, excess, rank)
    return out


def sample(px, freq):
    if freq == "daily":
        return px
    monday = px.index - pd.to_timedelta(px.index.weekday, unit="D")
    weekly = px.groupby(monday).last()  # last non-NaN value of each column in the week
    weekly.index = px.index.to_series().groupby(monday).max().to_numpy()
    return weekly


def quadrant(r, m):
    if r is None or m is None:
        return ""
    if r >= 100:
        return "Leading" if m >= 100 else "Weakening"
    return "Improving" if m >= 100 else "Lagging"


def rotation(samples, bench, n, tail):
    rs = 100 * samples.div(samples[bench].where(samples[bench] > 0), axis=0)
    ratio = 100 + (rs - rs.rolling(n).mean()) / rs.rolling(n).std(ddof=1)
    roc = 100 * (ratio / ratio.shift(1) - 1)
    mom = 100 + (roc - roc.rolling(n).mean()) / roc.rolling(n).std(ddof=1)
    ratio, mom = ratio.replace([np.inf, -np.inf], np.nan), mom.replace([np.inf, -np.inf], np.nan)
    out = {}
    for sym in samples.columns:
        if sym == bench:
            continue
        r, m = clean(ratio[sym].iloc[-1]), clean(mom[sym].iloc[-1])
        row = {"rs_ratio": r, "rs_momentum": m, "quadrant": quadrant(r, m),
               "heading_deg": None, "distance": None, "tail_length": None, "tail": []}
        if r is not None and m is not None:
            t = pd.DataFrame({"r": ratio[sym], "m": mom[sym]}).iloc[-tail:].dropna()
            row["tail"] = [{"date": d.strftime("%Y-%m-%d"), "rs_ratio": float(a), "rs_momentum": float(b)}
                           for d, a, b in zip(t.index, t["r"], t["m"])]
            row["distance"] = math.hypot(r - 100, m - 100)
            seg = np.hypot(np.diff(t["r"].to_numpy()), np.diff(t["m"].to_numpy()))
            row["tail_length"] = float(seg.sum())
            if len(t) >= 2:
                dr, dm = t["r"].iloc[-1] - t["r"].iloc[-2], t["m"].iloc[-1] - t["m"].iloc[-2]
                row["heading_deg"] = math.degrees(math.atan2(dm, dr)) % 360.0
        out[sym] = row
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--benchmark", default="SPY")
    ap.add_argument("--asof", action="append", required=True)
    ap.add_argument("--freq", default="weekly", choices=["weekly", "daily"])
    ap.add_argument("--window", type=int, default=14)
    ap.add_argument("--tail", type=int, default=8)
    a = ap.parse_args()
    px = load(a.data)
    result = {"benchmark": a.benchmark, "freq": a.freq, "window": a.window, "tail": a.tail, "asofs": []}
    for asof in a.asof:
        cut = px[px.index <= pd.Timestamp(asof)]
        perf = performance(cut, a.benchmark)
        rot = rotation(sample(cut, a.freq), a.benchmark, a.window, a.tail)
        rows = {}
        for sym, row in rot.items():
            row["returns"] = {w: clean(perf[w][0][sym]) for w, _ in WINDOWS}
            row["excess"] = {w: clean(perf[w][1][sym]) for w, _ in WINDOWS}
            row["rank"] = {w: int(perf[w][2][sym]) for w, _ in WINDOWS}
            rows[sym] = row
        result["asofs"].append({"asof": asof, "last_date": cut.index[-1].strftime("%Y-%m-%d"),
                                "bench_returns": {w: clean(perf[w][0][a.benchmark]) for w, _ in WINDOWS},
                                "rows": rows})
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
