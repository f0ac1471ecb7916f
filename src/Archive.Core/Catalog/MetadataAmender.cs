using System.Text.Json.Nodes;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Catalog;

/// <summary>
/// Changes a capture's metadata through new metadata-amended events, in one transaction with the capture row and the
/// index rows that mirror it. Earlier values stay in the log.
/// </summary>
public sealed class MetadataAmender
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;
    private readonly ICaptureIndex _index;

    internal MetadataAmender(ArchiveDatabase database, EventLog log, ICaptureIndex index)
    {
        _database = database;
        _log = log;
        _index = index;
    }

    /// <summary>The changes applied, one event each (a value equal to the current one is skipped). Throws <see cref="ArchiveException"/> for a bad field or value.</summary>
    public IReadOnlyList<LoggedEvent> Amend(CaptureId captureId, IReadOnlyList<KeyValuePair<string, string>> changes, string agent)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var parsed = new List<(MetadataField Field, JsonNode Value)>();
        foreach (var (name, given) in changes)
        {
            var raw = given ?? string.Empty; // JSON's null, as the web host may pass it
            var field = MetadataField.Find(name) ?? throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"unknown field \"{name}\"; known fields: {string.Join(", ", MetadataField.All.Select(f => f.Name))}");
            if (field.Name is "slug" or "source_url")
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{field.Name} identifies the source and cannot be amended; ingest a new capture instead");
            }

            if (string.IsNullOrWhiteSpace(raw) && field.Kind != FieldKind.TextList)
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{field.Name}: an empty value; a field can be changed but not emptied (its earlier values stay in the log)");
            }

            parsed.Add((field, FieldParser.ParseText(field, raw)));
        }

        using var connection = _database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT rowid FROM captures WHERE id = $id";
        command.Parameters.AddWithValue("$id", captureId.Value);
        var rowId = command.ExecuteScalar() as long? ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"no capture {captureId}");
        var appender = _log.BeginAppend(connection, transaction);
        var events = new List<LoggedEvent>();
        foreach (var (field, value) in parsed)
        {
            command.Parameters.Clear();
            command.CommandText = "SELECT value, origin FROM capture_fields WHERE capture_rowid = $row AND field = $field";
            command.Parameters.AddWithValue("$row", rowId);
            command.Parameters.AddWithValue("$field", field.Name);
            JsonNode? old = null;
            string? oldOrigin = null;
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    old = JsonNode.Parse(reader.GetString(0));
                    oldOrigin = reader.GetString(1);
                }
            }

            // Re-setting a field to its current value changes nothing, so it writes no event.
            if (old is not null && JsonNode.DeepEquals(old, value))
            {
                continue;
            }

            var logged = appender.Append(new NewEvent(EventType.MetadataAmended, captureId.Value, agent, "ok", new JsonObject
            {
                ["field"] = field.Name,
                ["old"] = old,
                ["old_origin"] = oldOrigin,
                ["new"] = value.DeepClone(),
                ["origin"] = FieldOrigin.Amend,
            }));
            events.Add(logged);

            command.Parameters.Clear();
            command.CommandText = """
                INSERT INTO capture_fields(capture_rowid, field, value, origin, event_index) VALUES ($row, $field, $value, $origin, $event)
                ON CONFLICT(capture_rowid, field) DO UPDATE SET value = excluded.value, origin = excluded.origin, event_index = excluded.event_index
                """;
            command.Parameters.AddWithValue("$row", rowId);
            command.Parameters.AddWithValue("$field", field.Name);
            command.Parameters.AddWithValue("$value", CanonicalJson.Serialize(value));
            command.Parameters.AddWithValue("$origin", FieldOrigin.Amend);
            command.Parameters.AddWithValue("$event", logged.Index);
            command.ExecuteNonQuery();

            if (CaptureProjection.Columns.TryGetValue(field.Name, out var column))
            {
                command.Parameters.Clear();
                command.CommandText = $"UPDATE captures SET {column} = $value WHERE rowid = $row";
                command.Parameters.AddWithValue("$value", CaptureProjection.ColumnValue(field.Name, new FieldValue(value, FieldOrigin.Amend)));
                command.Parameters.AddWithValue("$row", rowId);
                command.ExecuteNonQuery();
            }

        }

        appender.Seal();
        transaction.Commit();
        if (events.Count > 0)
        {
            _index.CatalogChanged();
        }

        return events;
    }
}
