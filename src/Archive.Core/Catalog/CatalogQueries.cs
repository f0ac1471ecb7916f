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

    /// <summary>The capture's slug and title, and whether it was withdrawn from searches; nulls and false for an unknown capture.</summary>
    public static (string? Slug, string? Title, bool Withdrawn) SlugAndTitle(SqliteConnection connection, string captureId, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT s.slug, c.title, c.withdrawn FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.id = $id";
        command.Parameters.AddWithValue("$id", captureId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2)) : (null, null, false);
    }

    /// <summary>The extractor settings the capture's current text was made with, or null for an unknown capture.</summary>
    public static string? ExtractorSettings(SqliteConnection connection, string captureId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT extractor_settings FROM captures WHERE id = $id";
        command.Parameters.AddWithValue("$id", captureId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>The rowid of every capture, by capture id (a search ranks captures by rowid).</summary>
    public static Dictionary<string, long> RowIds(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, rowid FROM captures";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    /// <summary>Captures not withdrawn whose text is empty although their original is a PDF or an image (OCR may find their text), in ingest order.</summary>
    public static List<string> EmptyPagedCaptures(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM captures WHERE withdrawn = 0 AND text_length = 0 AND (media_type = 'application/pdf' OR media_type LIKE 'image/%') ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
