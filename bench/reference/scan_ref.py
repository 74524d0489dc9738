#!/usr/bin/env python3
"""pandas peer of Sextant's analytics full scan (bench/enginebench, docs/performance.md "Analytics").

Written from the formulas in docs/methodology.md, vectorised the way a pandas user would
(whole-frame rolling windows, one rank call per window, group sums with np.bincount over a
date x stock sector-id matrix), on the data bench/enginebench exports: .npy matrices
(float64, dates x columns), labels in .txt, memberships and ETF assignments in .csv.

The scan, as of the last date, for each exported sector set:
  performance  simple returns over 5/21/63/126/252 trading days and YTD of every stock and
               sector (boundary price = last valid close at or before the boundary row),
               excess over the benchmark, descending "min" rank
  rotation     weekly closes (last valid close of each Monday-Sunday week), RS = 100 P/B,
               RS-Ratio = 100 + (RS - SMA14)/SD14, ROC = 100 (RS-Ratio_t/RS-Ratio_t-1 - 1),
               RS-Momentum = 100 + (ROC - SMA14)/SD14 (sample SD), quadrant of every sample,
               quadrant transitions, tail of 8, heading, distance, tail length
  breadth      daily over the last year, per sector over point-in-time members: shares above
               MA20 and MA60, outperforming the benchmark over 20 days, at a 60-day high,
               advancers/decliners/unchanged (strict windows)
  flows        per sector and day: margin net purchase (FinBuy - FinRepay, else the change in
               FinBalance) and financing balance; main-force net flow (MainNet, else
               SuperNet + LargeNet); ETF creations (change in shares x NAV, else x close)
               summed over the ETFs mapped to the sector; each flow with strict 5/20-day sums
               and z-scores against the previous 252 days (at least 126 known, sample SD)
Separately, the per-date history: returns over the five trading-day windows on every date and
their cross-sectional rank per date.

Prints JSON on stdout: load time, best compute time per sector set, best history time, a check.
Usage: scan_ref.py --data DIR [--runs 3]
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np
import pandas as pd

WINDOWS = [("1w", 5), ("1m", 21), ("3m", 63), ("6m", 126), ("1y", 252), ("ytd", 0)]
HISTORY = [5, 21, 63, 126, 252]
N, TAIL = 14, 8
FLOW_WINDOWS, Z_LOOKBACK, Z_MIN = (5, 20), 252, 126


def lines(path):
    with open(path) as f:
        return [s for s in f.read().split("\n") if s]


def load(d):
    dates = pd.DatetimeIndex(pd.to_datetime(lines(os.path.join(d, "dates.txt"))))

    def frame(name, cols):
        return pd.DataFrame(np.load(os.path.join(d, name)), index=dates, columns=cols)

    m = {"dates": dates}
    m["px"] = frame("stocks.npy", lines(os.path.join(d, "stocks.txt")))
    m["bench"] = pd.Series(np.load(os.path.join(d, "bench.npy"))[:, 0], index=dates)
    m["sets"] = []
    for k in range(len(glob.glob(os.path.join(d, "set*_codes.txt")))):
        p = os.path.join(d, f"set{k}_")
        codes = lines(p + "codes.txt")
        members = pd.read_csv(p + "members.csv", dtype={"sector": str}, parse_dates=["from", "to"])
        m["sets"].append({"name": lines(p + "name.txt")[0], "codes": codes,
                          "indices": frame(f"set{k}_indices.npy", codes), "members": members})
    ms = lines(os.path.join(d, "margin_symbols.txt"))
    m["fin_balance"] = frame("margin_fin_balance.npy", ms)
    m["fin_buy"] = frame("margin_fin_buy.npy", ms)
    m["fin_repay"] = frame("margin_fin_repay.npy", ms)
    fs = lines(os.path.join(d, "flow_symbols.txt"))
    m["main_net"] = frame("flow_main_net.npy", fs)
    m["super_net"] = frame("flow_super_net.npy", fs)
    m["large_net"] = frame("flow_large_net.npy", fs)
    es = lines(os.path.join(d, "etf_symbols.txt"))
    m["shares"] = frame("etf_shares.npy", es)
    m["nav"] = frame("etf_nav.npy", es)
    m["close"] = frame("etf_close.npy", es)
    m["assign"] = pd.read_csv(os.path.join(d, "etf_assign.csv"), dtype={"sector": str})
    return m


# ---------------------------------------------------------------- performance

def performance(px, bench):
    """As-of table: returns, excess and ranks per window (px without the benchmark)."""
    filled = px.ffill()
    bfilled = bench.ffill()
    end = len(px) - 1
    out = {}
    for name, days in WINDOWS:
        if days > 0:
            start = end - days
        else:
            prior = np.nonzero(px.index.year < px.index[end].year)[0]
            start = prior[-1] if len(prior) else -1
        if start < 0:
            ret = pd.Series(np.nan, index=px.columns)
            b = np.nan
        else:
            first = filled.iloc[start]
            ret = filled.iloc[end] / first.where(first > 0) - 1
            b = bfilled.iloc[end] / bfilled.iloc[start] - 1 if bfilled.iloc[start] > 0 else np.nan
        out[name] = (ret, ret - b, ret.rank(ascending=False, method="min").fillna(0).astype(int))
    return out


# ---------------------------------------------------------------- rotation

def weekly(df):
    monday = df.index - pd.to_timedelta(df.index.weekday, unit="D")
    w = df.groupby(monday).last()  # last valid value of each column in the week
    w.index = df.index.to_series().groupby(monday).max().to_numpy()
    return w


def zscore(df, n):
    return (df - df.rolling(n).mean()) / df.rolling(n).std(ddof=1)


def rotation(indices, bench):
    w = weekly(indices)
    b = weekly(bench.to_frame("b"))["b"]
    rs = 100 * w.div(b.where(b > 0), axis=0)
    ratio = (100 + zscore(rs, N)).replace([np.inf, -np.inf], np.nan)
    roc = 100 * (ratio / ratio.shift(1) - 1)
    mom = (100 + zscore(roc, N)).replace([np.inf, -np.inf], np.nan)
    r, m = ratio.to_numpy(), mom.to_numpy()
    valid = ~(np.isnan(r) | np.isnan(m))
    quad = np.where(~valid, 0, np.where(r >= 100, np.where(m >= 100, 1, 2), np.where(m >= 100, 4, 3)))
    rows = {}
    for j, sym in enumerate(w.columns):
        q = quad[:, j][valid[:, j]]
        transitions = int(np.count_nonzero(q[1:] != q[:-1]))
        row = {"quadrant": int(quad[-1, j]), "transitions": transitions}
        if valid[-1, j]:
            tv = valid[-TAIL:, j]
            tr, tm = r[-TAIL:, j][tv], m[-TAIL:, j][tv]
            row["distance"] = float(np.hypot(r[-1, j] - 100, m[-1, j] - 100))
            row["tail_length"] = float(np.hypot(np.diff(tr), np.diff(tm)).sum())
            if len(tr) >= 2:
                row["heading"] = float(np.degrees(np.arctan2(tm[-1] - tm[-2], tr[-1] - tr[-2])) % 360)
        rows[sym] = row
    return rows


# ---------------------------------------------------------------- group sums

def sector_ids(members, columns, dates, codes, lo=0):
    """date x column matrix (Fortran order) of the sector index each column belongs to on each
    row of dates[lo:], -1 when none (point-in-time memberships, From <= day < To)."""
    col = {s: j for j, s in enumerate(columns)}
    code = {c: k for k, c in enumerate(codes)}
    n = len(dates) - lo
    sid = np.full((n, len(columns)), -1, dtype=np.int32, order="F")
    d = dates[lo:]
    a = d.searchsorted(members["from"].to_numpy(), side="left")
    to = members["to"].to_numpy()
    b = np.where(pd.isna(to), n, d.searchsorted(to, side="left"))
    for sym, sec, x, y in zip(members["symbol"], members["sector"], a, b):
        j = col.get(sym)
        if j is not None and x < y:
            sid[x:y, j] = code[sec]
    return sid


class Grouper:
    """Sums boolean or float date x column matrices per (row, sector) with one bincount."""

    def __init__(self, sid, k):
        self.n, self.k = sid.shape[0], k
        rows = np.broadcast_to(np.arange(self.n, dtype=np.int64)[:, None], sid.shape)
        flat = sid.ravel(order="F")
        self.keep = flat >= 0
        self.key = (rows.ravel(order="F")[self.keep] * k + flat[self.keep])

    def sum(self, values):
        v = np.asarray(values).ravel(order="F")[self.keep]
        return np.bincount(self.key, weights=v, minlength=self.n * self.k).reshape(self.n, self.k)


# ---------------------------------------------------------------- breadth

def breadth(px, bench, members, codes):
    dates = px.index
    asof = dates[-1]
    lo = dates.searchsorted(asof - pd.DateOffset(years=1), side="left")
    base = max(0, lo - 60)
    p = px.iloc[base:].to_numpy()
    pdf = px.iloc[base:]
    ma20 = pdf.rolling(20).mean().to_numpy()
    ma60 = pdf.rolling(60).mean().to_numpy()
    high = pdf.rolling(60).max().to_numpy()
    b = bench.iloc[base:].to_numpy()
    prev20 = np.full_like(p, np.nan)
    prev20[20:] = p[:-20]
    bret = np.full(len(b), np.nan)
    ok = b[:-20] > 0
    bret[20:][ok] = b[20:][ok] / b[:-20][ok] - 1
    prev1 = np.full_like(p, np.nan)
    prev1[1:] = p[:-1]
    cut = lo - base
    p, ma20, ma60, high, prev20, prev1, bret = (x[cut:] for x in (p, ma20, ma60, high, prev20, prev1, bret))
    g = Grouper(sector_ids(members, px.columns, dates, codes, lo), len(codes))
    traded = ~np.isnan(p)
    with np.errstate(invalid="ignore", divide="ignore"):
        n20 = traded & ~np.isnan(ma20)
        n60 = traded & ~np.isnan(ma60)
        nout = traded & (prev20 > 0) & ~np.isnan(bret)[:, None]
        nhigh = traded & ~np.isnan(high)
        nprev = traded & ~np.isnan(prev1)
        out = {
            "members": g.sum(np.ones(p.shape, dtype=bool)), "traded": g.sum(traded),
            "above20": g.sum(n20 & (p > ma20)) / g.sum(n20),
            "above60": g.sum(n60 & (p > ma60)) / g.sum(n60),
            "outperform": g.sum(nout & (p / prev20 - 1 > bret[:, None])) / g.sum(nout),
            "new_high": g.sum(nhigh & (p >= high)) / g.sum(nhigh),
            "advancers": g.sum(nprev & (p > prev1)), "decliners": g.sum(nprev & (p < prev1)),
            "unchanged": g.sum(nprev & (p == prev1)),
        }
    return out


# ---------------------------------------------------------------- flows

def windows(df):
    out = {}
    for d in FLOW_WINDOWS:
        s = df.rolling(d).sum()
        base = s.shift(1).rolling(Z_LOOKBACK, min_periods=Z_MIN)
        z = ((s - base.mean()) / base.std(ddof=1)).replace([np.inf, -np.inf], np.nan)
        out[d] = (s, z)
    return out


def group_frame(g, values, valid, index, codes):
    s, c = g.sum(np.where(valid, values, 0.0)), g.sum(valid)
    return pd.DataFrame(np.where(c > 0, s, np.nan), index=index, columns=codes)


def flows(m, members, codes):
    dates = m["dates"]
    # margin net purchase: FinBuy - FinRepay, else the change in the balance
    buy, repay, bal = m["fin_buy"].to_numpy(), m["fin_repay"].to_numpy(), m["fin_balance"].to_numpy()
    net = buy - repay
    dbal = np.full_like(bal, np.nan)
    dbal[1:] = bal[1:] - bal[:-1]
    net = np.where(np.isnan(net), dbal, net)
    g = Grouper(sector_ids(members, m["fin_buy"].columns, dates, codes), len(codes))
    margin = group_frame(g, net, ~np.isnan(net), dates, codes)
    balance = group_frame(g, bal, ~np.isnan(bal), dates, codes)
    # main-force flows: MainNet, else SuperNet + LargeNet
    main = m["main_net"].to_numpy()
    main = np.where(np.isnan(main), m["super_net"].to_numpy() + m["large_net"].to_numpy(), main)
    g = Grouper(sector_ids(members, m["main_net"].columns, dates, codes), len(codes))
    mainf = group_frame(g, main, ~np.isnan(main), dates, codes)
    # ETF creations: change in shares x NAV (the close when NAV is missing or not positive)
    sh = m["shares"]
    nav, close = m["nav"], m["close"]
    price = nav.where(nav > 0, close.where(close > 0))
    creation = sh.diff() * price
    assign = m["assign"]
    cr = creation[assign["symbol"]]
    keys = assign["sector"].to_numpy()
    known = cr.notna()
    sums = cr.fillna(0).T.groupby(keys).sum().T
    counts = known.T.groupby(keys).sum().T
    etf = sums.where(counts > 0)
    return {"margin": (margin, windows(margin)), "balance": balance, "main": (mainf, windows(mainf)),
            "etf_creation": (creation, windows(creation)), "sector_creation": (etf, windows(etf))}


# ---------------------------------------------------------------- the scan

def scan(m, s):
    px, bench = m["px"], m["bench"]
    stocks = performance(px, bench)
    sectors = performance(s["indices"], bench)
    rot = rotation(s["indices"], bench)
    br = breadth(px, bench, s["members"], s["codes"])
    fl = flows(m, s["members"], s["codes"])
    return stocks, sectors, rot, br, fl


def history(px):
    filled = px.ffill()
    out = []
    for n in HISTORY:
        prev = filled.shift(n)
        ret = filled / prev.where(prev > 0) - 1
        out.append((ret, ret.rank(axis=1, ascending=False, method="min")))
    return out


def best(runs, f):
    t = None
    for _ in range(runs):
        start = time.perf_counter()
        r = f()
        d = time.perf_counter() - start
        t = d if t is None else min(t, d)
    return t, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    start = time.perf_counter()
    m = load(a.data)
    loaded = time.perf_counter() - start
    out = {"load": loaded, "scan": {}, "pandas": pd.__version__, "numpy": np.__version__}
    for k, s in enumerate(m["sets"]):
        t, r = best(a.runs, lambda: scan(m, s))
        out["scan"][str(k)] = t
        print(f"pandas scan {s['name']}: {t:.3f} s", file=sys.stderr)
        if k == 0:
            ret = r[0]["1m"][0]
            out["check"] = {"count_21d": int(ret.notna().sum()), "sum_21d": float(ret.sum())}
    t, _ = best(a.runs, lambda: history(m["px"]))
    out["history"] = t
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
