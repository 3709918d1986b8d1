"""The catalog's tables. Bump ``SCHEMA_VERSION`` whenever a table changes shape.

``concepts``  one row per concept and release; ``key`` is the code without dots for lookup,
              ``seq`` the classification's own order (depth-first: a concept's descendants
              are exactly the rows with ``seq`` in ``(seq, subtree_end]``),
              ``chapter`` the root ancestor's code,
              ``properties``/``notes``/``terms`` JSON.
``systems``   one row per code-system release; ``is_default`` marks the newest of each system.
``links``     crosswalk rows (GEMs), with their flags; shown and served, never searched.
``meta``      schema version, build time, medcodes version.
Search tables (FTS5, vocabulary) are created by ``medcodes.search.index``.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 3  # 3: a meaning vector per concept text (embeddings.part)

CONCEPTS_DDL = """
CREATE TABLE concepts (
    id INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    version TEXT NOT NULL,
    code TEXT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    short_title TEXT,
    kind TEXT NOT NULL,
    billable INTEGER NOT NULL,
    parent TEXT,
    depth INTEGER NOT NULL,
    chapter TEXT,
    status TEXT NOT NULL,
    seq INTEGER NOT NULL,
    subtree_end INTEGER NOT NULL DEFAULT 0,
    is_default INTEGER NOT NULL DEFAULT 1,
    properties TEXT NOT NULL,
    notes TEXT NOT NULL,
    terms TEXT NOT NULL,
    UNIQUE (system, version, code)
);
"""

DDL = CONCEPTS_DDL + """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE systems (
    id TEXT NOT NULL,
    version TEXT NOT NULL,
    name TEXT NOT NULL,
    release_date TEXT NOT NULL,
    source TEXT NOT NULL,
    licence TEXT NOT NULL,
    fhir_uri TEXT NOT NULL,
    origin TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 1,
    concepts INTEGER NOT NULL DEFAULT 0,
    billable INTEGER NOT NULL DEFAULT 0,
    load_seconds REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (id, version)
);
CREATE TABLE links (
    source_system TEXT NOT NULL,
    source_code TEXT NOT NULL,
    target_system TEXT NOT NULL,
    target_code TEXT,
    flags TEXT NOT NULL,
    approximate INTEGER NOT NULL,
    no_map INTEGER NOT NULL,
    combination INTEGER NOT NULL,
    scenario INTEGER NOT NULL,
    choice_list INTEGER NOT NULL,
    source TEXT NOT NULL
);
"""

# Created after the bulk insert: faster than maintaining them row by row.
INDEXES = """
CREATE INDEX concepts_key ON concepts (key, is_default);
CREATE INDEX concepts_parent ON concepts (system, version, parent, seq);
CREATE INDEX concepts_seq ON concepts (system, version, seq);
CREATE INDEX links_source ON links (source_system, source_code);
CREATE INDEX links_target ON links (target_system, target_code);
"""


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Does the catalog hold table ``name``? Readers treat tables added after a catalog was
    built (``article_fts``, ``vocab_groups``) as optional."""
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone() is not None
