using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Catalog;

/// <summary>The catalog's own tables (sources, captures, field origins). Version 1. The log's tables belong to Provenance, the search tables to Search.</summary>
internal static class CatalogSchema
{
    public const int Version = 1;

    public static void Create(SqliteConnection connection, SqliteTransaction transaction) => ArchiveDatabase.Execute(connection, Sql, transaction);

    public const string Sql = """
        CREATE TABLE IF NOT EXISTS sources(
            id          INTEGER PRIMARY KEY,
            slug        TEXT NOT NULL UNIQUE,
            source_url  TEXT UNIQUE,
            created_at  TEXT NOT NULL
        ) STRICT;

        -- One row per capture: immutable facts plus the current metadata projection.
        -- The metadata history lives in the event log; these columns are its latest state.
        CREATE TABLE IF NOT EXISTS captures(
            rowid              INTEGER PRIMARY KEY,
            id                 TEXT NOT NULL UNIQUE,
            source_id          INTEGER NOT NULL REFERENCES sources(id),
            size               INTEGER NOT NULL,
            media_type         TEXT NOT NULL,
            original_name      TEXT NOT NULL,
            ingested_at        TEXT NOT NULL,
            ingest_agent       TEXT NOT NULL,
            text_sha256        TEXT NOT NULL,
            text_length        INTEGER NOT NULL,
            text_bytes         INTEGER NOT NULL,
            extractor          TEXT NOT NULL,
            extractor_version  TEXT NOT NULL,
            extractor_settings TEXT NOT NULL,
            page_starts        TEXT NOT NULL,
            title              TEXT,
            publisher          TEXT,
            authors            TEXT,
            published          TEXT,
            captured_at        TEXT,
            source_type        TEXT,
            language           TEXT,
            tags               TEXT,
            withdrawn          INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX IF NOT EXISTS captures_source ON captures(source_id);
        CREATE INDEX IF NOT EXISTS captures_text ON captures(text_sha256);
        CREATE INDEX IF NOT EXISTS captures_published ON captures(published);

        -- Current value and origin of every metadata field (value is JSON).
        CREATE TABLE IF NOT EXISTS capture_fields(
            capture_rowid INTEGER NOT NULL REFERENCES captures(rowid),
            field         TEXT NOT NULL,
            value         TEXT NOT NULL,
            origin        TEXT NOT NULL,
            event_index   INTEGER NOT NULL,
            PRIMARY KEY(capture_rowid, field)
        ) STRICT;

        """;
}
