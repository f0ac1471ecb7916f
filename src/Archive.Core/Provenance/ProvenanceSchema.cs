using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Provenance;

/// <summary>The log's tables: the append-only events (Merkle leaves) and the signed checkpoints over them.</summary>
internal static class ProvenanceSchema
{
    public const string Sql = """
        -- The append-only event log. json is the canonical event, the Merkle leaf data.
        CREATE TABLE IF NOT EXISTS events(
            idx        INTEGER PRIMARY KEY,
            type       TEXT NOT NULL,
            capture_id TEXT,
            time       TEXT NOT NULL,
            json       TEXT NOT NULL,
            leaf       BLOB NOT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS events_capture ON events(capture_id);

        CREATE TABLE IF NOT EXISTS checkpoints(
            id        INTEGER PRIMARY KEY,
            tree_size INTEGER NOT NULL,
            root      TEXT NOT NULL,
            time      TEXT NOT NULL,
            body      TEXT NOT NULL,
            signature BLOB NOT NULL,
            key_id    TEXT NOT NULL
        ) STRICT;
        """;

    public static void Create(SqliteConnection connection, SqliteTransaction transaction) => ArchiveDatabase.Execute(connection, Sql, transaction);
}
