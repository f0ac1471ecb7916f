using Archive.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Catalog;

/// <summary>Maps metadata fields to the capture row's filterable columns (the latest state of the event history).</summary>
internal static class CaptureProjection
{
    /// <summary>Field name to column name for the fields that have their own column.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "title",
        ["publisher"] = "publisher",
        ["authors"] = "authors",
        ["published"] = "published",
        ["captured_at"] = "captured_at",
        ["source_type"] = "source_type",
        ["language"] = "language",
        ["tags"] = "tags",
    };

    public static void Bind(SqliteCommand command, IReadOnlyDictionary<string, FieldValue> metadata)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var (field, column) in Columns)
        {
            command.Parameters.AddWithValue(
                "$" + column,
                metadata.TryGetValue(field, out var value) ? ColumnValue(field, value) : DBNull.Value);
        }
    }

    /// <summary>Lists are stored one item a line with a leading and trailing newline, so <c>LIKE '%\nx\n%'</c> finds an item.</summary>
    public static object ColumnValue(string field, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return field is "tags" or "authors"
            ? "\n" + value.Display.Replace("; ", "\n", StringComparison.Ordinal) + "\n"
            : value.Display;
    }
}
