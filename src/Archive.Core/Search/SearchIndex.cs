using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>The full-text index rows for each capture, written in the ingest transaction.</summary>
internal sealed class SearchIndex
{
    public static void CreateSchema(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')";
        command.ExecuteNonQuery();
    }

#pragma warning disable CA1822 // instance member: the analyzer and alias table will hang off this object
    public void Add(SqliteConnection connection, SqliteTransaction transaction, long rowId, string title, string text)
#pragma warning restore CA1822
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO search_fts(rowid, title, body) VALUES ($row, $title, $body)";
        command.Parameters.AddWithValue("$row", rowId);
        command.Parameters.AddWithValue("$title", title);
        command.Parameters.AddWithValue("$body", text);
        command.ExecuteNonQuery();
    }
}
