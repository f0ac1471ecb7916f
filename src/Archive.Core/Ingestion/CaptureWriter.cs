using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Ingestion;

/// <summary>Writes one new capture (source, capture row, field origins, search rows, events) inside the caller's transaction.</summary>
internal sealed class CaptureWriter(SqliteConnection connection, SqliteTransaction transaction, ICaptureIndex search)
{
    public IngestOutcome Insert(EventLog.Appender appender, PreparedDocument document, string agent)
    {
        ArgumentNullException.ThrowIfNull(appender);
        ArgumentNullException.ThrowIfNull(document);
        var extracted = document.Extracted ?? throw new ArgumentException("a new capture needs extracted text", nameof(document));
        var text = document.Text!;
        var captureId = document.Original.Digest.Id;
        var metadata = document.Metadata;
        var (sourceId, slug, version) = ResolveSource(metadata, document.OriginalName, appender.Now());

        var rowId = InsertCapture(document, sourceId, extracted, metadata, agent, appender.Now());
        var ingested = appender.Append(new NewEvent(EventType.Ingested, captureId, agent, "ok", new JsonObject
        {
            ["path"] = document.RecordedPath,
            ["original_name"] = document.OriginalName,
            ["size"] = document.Original.Size,
            ["media_type"] = document.MediaType,
            ["source"] = slug,
            ["source_version"] = version,
            ["metadata"] = MetadataJson(metadata),
        }));
        appender.Append(new NewEvent(EventType.TextExtracted, captureId, agent, "ok", new JsonObject
        {
            ["text"] = text.Digest.Id,
            ["bytes"] = text.Size,
            ["length"] = CodePoints.Count(extracted.Text),
            ["extractor"] = new JsonObject
            {
                ["name"] = extracted.Extractor.Name,
                ["version"] = extracted.Extractor.Version,
                ["settings"] = extracted.Extractor.Settings,
            },
            ["pages"] = extracted.PageStarts.Count,
        }));

        using (var fields = connection.CreateCommand())
        {
            fields.Transaction = transaction;
            fields.CommandText = "INSERT INTO capture_fields(capture_rowid, field, value, origin, event_index) VALUES ($row, $field, $value, $origin, $event)";
            fields.Parameters.AddWithValue("$row", rowId);
            var field = fields.Parameters.Add("$field", SqliteType.Text);
            var value = fields.Parameters.Add("$value", SqliteType.Text);
            var origin = fields.Parameters.Add("$origin", SqliteType.Text);
            fields.Parameters.AddWithValue("$event", ingested.Index);
            foreach (var (name, fieldValue) in metadata)
            {
                field.Value = name;
                value.Value = CanonicalJson.Serialize(fieldValue.Value);
                origin.Value = fieldValue.Origin;
                fields.ExecuteNonQuery();
            }
        }

        var title = metadata.TryGetValue("title", out var t) ? t.Display : null;
        search.Add(connection, transaction, rowId, title ?? string.Empty, extracted.Text);
        return new IngestOutcome(document.Path, IngestStatus.Ingested, captureId, slug, title, document.Original.Size, document.MediaType, version);
    }

    /// <summary>Metadata with origins, as recorded in events: <c>{"field": {"origin": …, "value": …}}</c>.</summary>
    public static JsonObject MetadataJson(IReadOnlyDictionary<string, FieldValue> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var json = new JsonObject();
        foreach (var (name, value) in metadata)
        {
            json[name] = new JsonObject { ["value"] = value.Value.DeepClone(), ["origin"] = value.Origin };
        }

        return json;
    }

    private long InsertCapture(PreparedDocument document, long sourceId, ExtractedDocument extracted, IReadOnlyDictionary<string, FieldValue> metadata, string agent, string now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO captures(id, source_id, size, media_type, original_name, ingested_at, ingest_agent,
                text_sha256, text_length, text_bytes, extractor, extractor_version, extractor_settings, page_starts,
                title, publisher, authors, published, captured_at, source_type, language, tags)
            VALUES ($id, $source, $size, $media, $name, $now, $agent,
                $text, $length, $bytes, $extractor, $version, $settings, $pages,
                $title, $publisher, $authors, $published, $captured_at, $source_type, $language, $tags)
            RETURNING rowid
            """;
        command.Parameters.AddWithValue("$id", document.Original.Digest.Id);
        command.Parameters.AddWithValue("$source", sourceId);
        command.Parameters.AddWithValue("$size", document.Original.Size);
        command.Parameters.AddWithValue("$media", document.MediaType);
        command.Parameters.AddWithValue("$name", document.OriginalName);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$agent", agent);
        command.Parameters.AddWithValue("$text", document.Text!.Digest.Id);
        command.Parameters.AddWithValue("$length", CodePoints.Count(extracted.Text));
        command.Parameters.AddWithValue("$bytes", document.Text.Size);
        command.Parameters.AddWithValue("$extractor", extracted.Extractor.Name);
        command.Parameters.AddWithValue("$version", extracted.Extractor.Version);
        command.Parameters.AddWithValue("$settings", extracted.Extractor.Settings);
        command.Parameters.AddWithValue("$pages", CanonicalJson.Serialize(new JsonArray(extracted.PageStarts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray())));
        CaptureProjection.Bind(command, metadata);
        return (long)command.ExecuteScalar()!;
    }

    private (long Id, string Slug, int Version) ResolveSource(IReadOnlyDictionary<string, FieldValue> metadata, string originalName, string now)
    {
        var url = metadata.TryGetValue("source_url", out var u) ? u.Display : null;
        var explicitSlug = metadata.TryGetValue("slug", out var s) ? s.Display : null;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // One indexed lookup per key that is present (an OR over both would scan every source).
        foreach (var (column, value) in new[] { ("source_url", url), ("slug", explicitSlug) })
        {
            if (value is null)
            {
                continue;
            }

            command.Parameters.Clear();
            command.CommandText = $"SELECT id, slug, (SELECT count(*) FROM captures WHERE source_id = sources.id) FROM sources WHERE {column} = $value";
            command.Parameters.AddWithValue("$value", value);
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                return (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2) + 1);
            }
        }

        var slug = explicitSlug ?? UniqueSlug(SlugBuilder.Build(
            metadata.TryGetValue("publisher", out var p) ? p.Display : null,
            metadata.TryGetValue("published", out var d) ? d.Display : null,
            metadata.TryGetValue("title", out var t) ? t.Display : null,
            Path.GetFileNameWithoutExtension(originalName)));
        command.Parameters.Clear();
        command.CommandText = "INSERT INTO sources(slug, source_url, created_at) VALUES ($slug, $url, $now) RETURNING id";
        command.Parameters.AddWithValue("$slug", slug);
        command.Parameters.AddWithValue("$url", (object?)url ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", now);
        return ((long)command.ExecuteScalar()!, slug, 1);
    }

    private string UniqueSlug(string candidate)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM sources WHERE slug = $slug";
        var parameter = command.Parameters.Add("$slug", SqliteType.Text);
        for (var n = 1; ; n++)
        {
            var slug = n == 1 ? candidate : $"{candidate}-{n}";
            parameter.Value = slug;
            if (command.ExecuteScalar() is null)
            {
                return slug;
            }
        }
    }
}
