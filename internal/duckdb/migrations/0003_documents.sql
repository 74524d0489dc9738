-- 0003: research documents and their passages. A document is keyed by id,
-- derived from the sha256 of its normalised body (hash, unique): writing
-- the same body again changes nothing and keeps the first write's
-- metadata. run_id is the ingest run that wrote the document; passages
-- belong to their document (doc_id, seq) and are written and deleted with
-- it. published_at is a UTC TIMESTAMP; symbols and sectors ("taxonomy:code")
-- are sorted lists.

CREATE TABLE documents (
    id           VARCHAR PRIMARY KEY,
    hash         VARCHAR NOT NULL UNIQUE,
    title        VARCHAR NOT NULL,
    publisher    VARCHAR NOT NULL,
    url          VARCHAR NOT NULL,
    published_at TIMESTAMP NOT NULL,
    language     VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    symbols      VARCHAR[] NOT NULL,
    sectors      VARCHAR[] NOT NULL,
    body         VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    origin       VARCHAR NOT NULL,
    demo         BOOLEAN NOT NULL,
    run_id       BIGINT NOT NULL
);

CREATE TABLE passages (
    doc_id VARCHAR NOT NULL,
    seq    INTEGER NOT NULL,
    text   VARCHAR NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq),
    CHECK (start >= 0 AND "end" >= start)
);
