using Microsoft.Data.Sqlite;

namespace Archive.Core.Catalog;

/// <summary>
/// The search index rows that mirror a capture's catalog row. The catalog owns both: it calls this inside the same
/// transaction whenever it writes a capture or amends a field the index holds, so the two never disagree.
/// Implemented by the search backend.
/// </summary>
internal interface ICaptureIndex
{
    /// <summary>Indexes a new capture's title and canonical text under the capture's rowid.</summary>
    void Add(SqliteConnection connection, SqliteTransaction transaction, long rowId, string title, string text);

    /// <summary>Replaces the indexed title of a capture after its title was amended.</summary>
    void UpdateTitle(SqliteConnection connection, SqliteTransaction transaction, long rowId, string title);
}
