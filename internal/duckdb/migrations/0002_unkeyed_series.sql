-- 0002: the large per-day tables lose their PRIMARY KEY. Maintaining the
-- ART index dominated bulk writes and grew super-linearly with the table;
-- the store keeps the natural key unique itself (Store.Write classifies
-- every staged row against the stored ones, and writes are serialised).
-- DuckDB cannot drop a primary key, so each table is recreated and its
-- rows copied in key order (so that zonemaps prune reads by symbol).
-- The small tables keep their keys.

CREATE TABLE bars_v2 (
    symbol     VARCHAR NOT NULL,
    date       DATE NOT NULL,
    open       DOUBLE,
    high       DOUBLE,
    low        DOUBLE,
    close      DOUBLE,
    volume     DOUBLE,
    amount     DOUBLE,
    turnover   DOUBLE,
    adj_factor DOUBLE,
    run_id     BIGINT NOT NULL
);
INSERT INTO bars_v2 SELECT symbol, date, open, high, low, close, volume, amount, turnover, adj_factor, run_id FROM bars ORDER BY symbol, date;
DROP TABLE bars;
ALTER TABLE bars_v2 RENAME TO bars;

CREATE TABLE fund_shares_v2 (
    symbol VARCHAR NOT NULL,
    date   DATE NOT NULL,
    shares DOUBLE,
    nav    DOUBLE,
    run_id BIGINT NOT NULL
);
INSERT INTO fund_shares_v2 SELECT symbol, date, shares, nav, run_id FROM fund_shares ORDER BY symbol, date;
DROP TABLE fund_shares;
ALTER TABLE fund_shares_v2 RENAME TO fund_shares;

CREATE TABLE margin_v2 (
    symbol      VARCHAR NOT NULL,
    date        DATE NOT NULL,
    fin_balance DOUBLE,
    fin_buy     DOUBLE,
    fin_repay   DOUBLE,
    sec_balance DOUBLE,
    run_id      BIGINT NOT NULL
);
INSERT INTO margin_v2 SELECT symbol, date, fin_balance, fin_buy, fin_repay, sec_balance, run_id FROM margin ORDER BY symbol, date;
DROP TABLE margin;
ALTER TABLE margin_v2 RENAME TO margin;

CREATE TABLE capital_flows_v2 (
    symbol     VARCHAR NOT NULL,
    date       DATE NOT NULL,
    main_net   DOUBLE,
    super_net  DOUBLE,
    large_net  DOUBLE,
    medium_net DOUBLE,
    small_net  DOUBLE,
    run_id     BIGINT NOT NULL
);
INSERT INTO capital_flows_v2 SELECT symbol, date, main_net, super_net, large_net, medium_net, small_net, run_id FROM capital_flows ORDER BY symbol, date;
DROP TABLE capital_flows;
ALTER TABLE capital_flows_v2 RENAME TO capital_flows;

CREATE TABLE fundamentals_v2 (
    symbol      VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    period_end  DATE NOT NULL,
    report_date DATE NOT NULL,
    value       DOUBLE,
    unit        VARCHAR NOT NULL,
    run_id      BIGINT NOT NULL
);
INSERT INTO fundamentals_v2 SELECT symbol, field, period_end, report_date, value, unit, run_id FROM fundamentals ORDER BY symbol, field, period_end, report_date;
DROP TABLE fundamentals;
ALTER TABLE fundamentals_v2 RENAME TO fundamentals;

CREATE TABLE valuations_v2 (
    symbol   VARCHAR NOT NULL,
    date     DATE NOT NULL,
    pe_ttm   DOUBLE,
    pb       DOUBLE,
    total_mv DOUBLE,
    float_mv DOUBLE,
    run_id   BIGINT NOT NULL
);
INSERT INTO valuations_v2 SELECT symbol, date, pe_ttm, pb, total_mv, float_mv, run_id FROM valuations ORDER BY symbol, date;
DROP TABLE valuations;
ALTER TABLE valuations_v2 RENAME TO valuations;
