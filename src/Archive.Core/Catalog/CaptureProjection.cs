using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// The column value for a field recorded as JSON (as an event or a capture_fields row holds it), or null when the
    /// JSON is not a field value's shape.
    /// </summary>
    public static string? ColumnValue(string field, string json) =>
        Display(json) is { } display ? (string)ColumnValue(field, new FieldValue(JsonValue.Create(display), string.Empty)) : null;

    /// <summary>A field value recorded as JSON, as one display string (lists joined with "; "), or null for another shape.</summary>
    public static string? Display(string json)
    {
        try
        {
            return JsonNode.Parse(json) is { } node ? new FieldValue(node, string.Empty).Display : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
