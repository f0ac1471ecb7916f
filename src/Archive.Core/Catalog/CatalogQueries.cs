using Microsoft.Data.Sqlite;

namespace Archive.Core.Catalog;

/// <summary>Small lookups shared by ingest and the readers.</summary>
internal static class CatalogQueries
{
    public static bool CaptureExists(SqliteConnection connection, string captureId, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM captures WHERE id = $id";
        command.Parameters.AddWithValue("$id", captureId);
        return command.ExecuteScalar() is not null;
    }

    public static (string? Slug, string? Title) SlugAndTitle(SqliteConnection connection, string captureId, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT s.slug, c.title FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.id = $id";
        command.Parameters.AddWithValue("$id", captureId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : (null, null);
    }
}
