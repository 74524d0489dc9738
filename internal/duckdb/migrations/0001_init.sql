-- 0001: market datasets and ingest runs. Every data row carries run_id, the
-- ingest run that last changed it. Floats are NULL when unknown (NaN in Go).

CREATE SEQUENCE ingest_run_seq START 1;

CREATE TABLE ingest_runs (
    id          BIGINT PRIMARY KEY,
    source      VARCHAR NOT NULL,
    dataset     VARCHAR NOT NULL,
    input       VARCHAR NOT NULL,
    input_hash  VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    rows_offered BIGINT NOT NULL,
    inserted    BIGINT NOT NULL,
    updated     BIGINT NOT NULL,
    unchanged   BIGINT NOT NULL,
    note        VARCHAR NOT NULL
);

CREATE TABLE taxonomies (
    id     VARCHAR PRIMARY KEY,
    name   VARCHAR NOT NULL,
    levels INTEGER NOT NULL,
    run_id BIGINT NOT NULL
);

CREATE TABLE instruments (
    symbol    VARCHAR PRIMARY KEY,
    kind      VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL,
    currency  VARCHAR NOT NULL,
    list_date DATE,
    delist_at DATE,
    ownership VARCHAR NOT NULL,
    tracks    VARCHAR NOT NULL,
    theme     VARCHAR NOT NULL,
    demo      BOOLEAN NOT NULL,
    run_id    BIGINT NOT NULL
);

CREATE TABLE sectors (
    taxonomy     VARCHAR NOT NULL,
    code         VARCHAR NOT NULL,
    level        INTEGER NOT NULL,
    name         VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    parent       VARCHAR NOT NULL,
    index_symbol VARCHAR NOT NULL,
    aliases      VARCHAR[] NOT NULL,
    run_id       BIGINT NOT NULL,
    PRIMARY KEY (taxonomy, code)
);

CREATE TABLE memberships (
    taxonomy  VARCHAR NOT NULL,
    sector    VARCHAR NOT NULL,
    symbol    VARCHAR NOT NULL,
    from_date DATE NOT NULL,
    to_date   DATE,
    weight    DOUBLE,
    run_id    BIGINT NOT NULL,
    PRIMARY KEY (taxonomy, sector, symbol, from_date),
    CHECK (to_date IS NULL OR to_date > from_date)
);

CREATE TABLE bars (
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
    run_id     BIGINT NOT NULL,
    PRIMARY KEY (symbol, date)
);

CREATE TABLE fund_shares (
    symbol VARCHAR NOT NULL,
    date   DATE NOT NULL,
    shares DOUBLE,
    nav    DOUBLE,
    run_id BIGINT NOT NULL,
    PRIMARY KEY (symbol, date)
);

CREATE TABLE margin (
    symbol      VARCHAR NOT NULL,
    date        DATE NOT NULL,
    fin_balance DOUBLE,
    fin_buy     DOUBLE,
    fin_repay   DOUBLE,
    sec_balance DOUBLE,
    run_id      BIGINT NOT NULL,
    PRIMARY KEY (symbol, date)
);

CREATE TABLE capital_flows (
    symbol     VARCHAR NOT NULL,
    date       DATE NOT NULL,
    main_net   DOUBLE,
    super_net  DOUBLE,
    large_net  DOUBLE,
    medium_net DOUBLE,
    small_net  DOUBLE,
    run_id     BIGINT NOT NULL,
    PRIMARY KEY (symbol, date)
);

-- report_date 0001-01-01 stands for "unknown" (a key column cannot be NULL).
CREATE TABLE fundamentals (
    symbol      VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    period_end  DATE NOT NULL,
    report_date DATE NOT NULL,
    value       DOUBLE,
    unit        VARCHAR NOT NULL,
    run_id      BIGINT NOT NULL,
    PRIMARY KEY (symbol, field, period_end, report_date)
);

CREATE TABLE valuations (
    symbol   VARCHAR NOT NULL,
    date     DATE NOT NULL,
    pe_ttm   DOUBLE,
    pb       DOUBLE,
    total_mv DOUBLE,
    float_mv DOUBLE,
    run_id   BIGINT NOT NULL,
    PRIMARY KEY (symbol, date)
);
