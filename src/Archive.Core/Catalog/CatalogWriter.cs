using Archive.Core.Storage;
using System.Text.Json.Nodes;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Catalog;

/// <summary>
/// The one writer of the catalog's tables: a new capture's source, capture row and field origins, its ingested and
/// text-extracted events, all inside the caller's transaction. The search index is derived: it catches up after the commit.
/// A writer keeps the statements a capture's insert runs prepared for the next capture of the same transaction (a
/// group commit inserts hundreds): dispose it before the transaction ends.
/// </summary>
internal sealed class CatalogWriter(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    // Per candidate slug, the numbers taken (1: the candidate itself): read once in this transaction, then kept true by Took.
    private readonly Dictionary<string, TakenNumbers> _taken = new(StringComparer.Ordinal);

    // The prepared statements of Insert, by their SQL.
    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
    }

    /// <summary>Whether a capture with this id is in the catalog, as this transaction sees it.</summary>
    public bool CaptureExists(string captureId)
    {
        var command = Statement("SELECT 1 FROM captures WHERE id = $id");
        command.Parameters.AddWithValue("$id", captureId);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>A statement of this transaction, prepared once and kept, with no parameters bound.</summary>
    private SqliteCommand Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            _statements[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }

    public CatalogEntry Insert(EventLog.Appender appender, NewCapture capture, string agent)
    {
        ArgumentNullException.ThrowIfNull(appender);
        ArgumentNullException.ThrowIfNull(capture);
        var captureId = capture.Original.Id;
        var metadata = capture.Metadata;
        var (sourceId, slug, version) = ResolveSource(metadata, capture.OriginalName, appender.Now());

        var rowId = InsertCapture(capture, sourceId, metadata, agent, appender.Now());
        var ingested = appender.Append(new NewEvent(EventType.Ingested, captureId, agent, "ok", new JsonObject
        {
            ["path"] = capture.RecordedPath,
            ["original_name"] = capture.OriginalName,
            ["size"] = capture.Size,
            ["media_type"] = capture.MediaType,
            ["source"] = slug,
            ["source_version"] = version,
            ["metadata"] = MetadataJson(metadata),
        }));
        var extractedData = ExtractedData(new NewText(
            capture.Text, capture.TextBytes, capture.TextLength, capture.PageStarts, capture.Extractor, capture.Layout));
        appender.Append(new NewEvent(EventType.TextExtracted, captureId, agent, "ok", extractedData));

        var fields = Statement("INSERT INTO capture_fields(capture_rowid, field, value, origin, event_index) VALUES ($row, $field, $value, $origin, $event)");
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

        var title = metadata.TryGetValue("title", out var t) ? t.Display : null;
        return new CatalogEntry(captureId, slug, title, version);
    }

    /// <summary>
    /// Makes <paramref name="text"/> the current text of capture <paramref name="captureId"/> (a re-extraction from
    /// its unchanged original) and records it in a new text-extracted event that names the text it replaces. The
    /// earlier texts stay in the store and in the log, so every citation pinned to one of them still verifies.
    /// <paramref name="reason"/> says where the text came from (<c>reextract</c>, or <c>import</c> from a bag).
    /// </summary>
    public LoggedEvent ReplaceText(EventLog.Appender appender, string captureId, string replacedText, NewText text, string agent, string reason = "reextract")
    {
        ArgumentNullException.ThrowIfNull(appender);
        ArgumentNullException.ThrowIfNull(text);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE captures SET text_sha256 = $text, text_length = $length, text_bytes = $bytes, extractor = $extractor,
                    extractor_version = $version, extractor_settings = $settings, page_starts = $pages
                WHERE id = $id AND text_sha256 = $replaced
                """;
            command.Parameters.AddWithValue("$id", captureId);
            command.Parameters.AddWithValue("$replaced", replacedText);
            command.Parameters.AddWithValue("$text", text.Text.Id);
            command.Parameters.AddWithValue("$length", text.Length);
            command.Parameters.AddWithValue("$bytes", text.TextBytes);
            command.Parameters.AddWithValue("$extractor", text.Extractor.Name);
            command.Parameters.AddWithValue("$version", text.Extractor.Version);
            command.Parameters.AddWithValue("$settings", text.Extractor.Settings);
            command.Parameters.AddWithValue("$pages", PageStartsJson(text.PageStarts));
            if (command.ExecuteNonQuery() != 1)
            {
                // Another writer replaced the text since it was read: the caller read a stale row.
                throw new ArchiveException(ArchiveErrorKind.Conflict, $"the text of {captureId} changed while it was being re-extracted; run the command again");
            }
        }

        var data = ExtractedData(text);
        data["replaces"] = replacedText;
        data["reason"] = reason;
        return appender.Append(new NewEvent(EventType.TextExtracted, captureId, agent, "ok", data));
    }

    /// <summary>
    /// After a re-extraction: each field Archive guessed from the old text (origin <c>detected</c> or <c>derived</c>),
    /// or never had, takes its guess from the new text, through a metadata-amended event that names the text; a guess
    /// of null removes the field. A field a person or the document gave is left as it is.
    /// </summary>
    public IReadOnlyList<LoggedEvent> FollowText(EventLog.Appender appender, string captureId, string text, IReadOnlyDictionary<string, FieldValue?> guesses, string agent)
    {
        ArgumentNullException.ThrowIfNull(appender);
        ArgumentNullException.ThrowIfNull(guesses);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT rowid FROM captures WHERE id = $id";
        command.Parameters.AddWithValue("$id", captureId);
        var rowId = (long)command.ExecuteScalar()!;
        var events = new List<LoggedEvent>();
        foreach (var (field, guess) in guesses)
        {
            command.Parameters.Clear();
            command.CommandText = "SELECT value, origin FROM capture_fields WHERE capture_rowid = $row AND field = $field";
            command.Parameters.AddWithValue("$row", rowId);
            command.Parameters.AddWithValue("$field", field);
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

            var guessed = oldOrigin is null or FieldOrigin.Detected or FieldOrigin.Derived;
            if (!guessed || (old is null && guess is null) || (old is not null && guess is not null && JsonNode.DeepEquals(old, guess.Value) && oldOrigin == guess.Origin))
            {
                continue;
            }

            var logged = appender.Append(new NewEvent(EventType.MetadataAmended, captureId, agent, "ok", new JsonObject
            {
                ["field"] = field,
                ["old"] = old,
                ["old_origin"] = oldOrigin,
                ["new"] = guess?.Value.DeepClone(),
                ["origin"] = guess?.Origin,
                ["reason"] = "reextract",
                ["text"] = text,
            }));
            events.Add(logged);
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$row", rowId);
            command.Parameters.AddWithValue("$field", field);
            if (guess is null)
            {
                command.CommandText = "DELETE FROM capture_fields WHERE capture_rowid = $row AND field = $field";
            }
            else
            {
                command.CommandText = """
                    INSERT INTO capture_fields(capture_rowid, field, value, origin, event_index) VALUES ($row, $field, $value, $origin, $event)
                    ON CONFLICT(capture_rowid, field) DO UPDATE SET value = excluded.value, origin = excluded.origin, event_index = excluded.event_index
                    """;
                command.Parameters.AddWithValue("$value", CanonicalJson.Serialize(guess.Value));
                command.Parameters.AddWithValue("$origin", guess.Origin);
                command.Parameters.AddWithValue("$event", logged.Index);
            }

            command.ExecuteNonQuery();
            if (CaptureProjection.Columns.TryGetValue(field, out var column))
            {
                command.Parameters.Clear();
                command.CommandText = $"UPDATE captures SET {column} = $value WHERE rowid = $row";
                command.Parameters.AddWithValue("$value", guess is null ? DBNull.Value : CaptureProjection.ColumnValue(field, guess));
                command.Parameters.AddWithValue("$row", rowId);
                command.ExecuteNonQuery();
            }
        }

        return events;
    }

    private static JsonObject ExtractedData(NewText text)
    {
        var data = new JsonObject
        {
            ["text"] = text.Text.Id,
            ["bytes"] = text.TextBytes,
            ["length"] = text.Length,
            ["extractor"] = new JsonObject
            {
                ["name"] = text.Extractor.Name,
                ["version"] = text.Extractor.Version,
                ["settings"] = text.Extractor.Settings,
            },
            ["pages"] = text.PageStarts.Count,
        };
        if (text.Layout is { } layout)
        {
            data["layout"] = layout.Id;
        }

        return data;
    }

    private static string PageStartsJson(IReadOnlyList<int> pageStarts) =>
        CanonicalJson.Serialize(new JsonArray(pageStarts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()));

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

    private long InsertCapture(NewCapture capture, long sourceId, IReadOnlyDictionary<string, FieldValue> metadata, string agent, string now)
    {
        var command = Statement("""
            INSERT INTO captures(id, source_id, size, media_type, original_name, ingested_at, ingest_agent,
                text_sha256, text_length, text_bytes, extractor, extractor_version, extractor_settings, page_starts,
                title, publisher, authors, published, captured_at, source_type, language, tags)
            VALUES ($id, $source, $size, $media, $name, $now, $agent,
                $text, $length, $bytes, $extractor, $version, $settings, $pages,
                $title, $publisher, $authors, $published, $captured_at, $source_type, $language, $tags)
            RETURNING rowid
            """);
        command.Parameters.AddWithValue("$id", capture.Original.Id);
        command.Parameters.AddWithValue("$source", sourceId);
        command.Parameters.AddWithValue("$size", capture.Size);
        command.Parameters.AddWithValue("$media", capture.MediaType);
        command.Parameters.AddWithValue("$name", capture.OriginalName);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$agent", agent);
        command.Parameters.AddWithValue("$text", capture.Text.Id);
        command.Parameters.AddWithValue("$length", capture.TextLength);
        command.Parameters.AddWithValue("$bytes", capture.TextBytes);
        command.Parameters.AddWithValue("$extractor", capture.Extractor.Name);
        command.Parameters.AddWithValue("$version", capture.Extractor.Version);
        command.Parameters.AddWithValue("$settings", capture.Extractor.Settings);
        command.Parameters.AddWithValue("$pages", PageStartsJson(capture.PageStarts));
        CaptureProjection.Bind(command, metadata);
        return (long)command.ExecuteScalar()!;
    }

    private (long Id, string Slug, int Version) ResolveSource(IReadOnlyDictionary<string, FieldValue> metadata, string originalName, string now)
    {
        var url = metadata.TryGetValue("source_url", out var u) ? u.Display : null;
        var explicitSlug = metadata.TryGetValue("slug", out var s) ? s.Display : null;
        // One indexed lookup per key that is present (an OR over both would scan every source).
        foreach (var (column, value) in new[] { ("source_url", url), ("slug", explicitSlug) })
        {
            if (value is null)
            {
                continue;
            }

            var command = Statement($"SELECT id, slug, (SELECT count(*) FROM captures WHERE source_id = sources.id) FROM sources WHERE {column} = $value");
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
        var insert = Statement("INSERT INTO sources(slug, source_url, created_at) VALUES ($slug, $url, $now) RETURNING id");
        insert.Parameters.AddWithValue("$slug", slug);
        insert.Parameters.AddWithValue("$url", (object?)url ?? DBNull.Value);
        insert.Parameters.AddWithValue("$now", now);
        var id = (long)insert.ExecuteScalar()!;
        Took(slug);
        return (id, slug, 1);
    }

    /// <summary>
    /// The candidate, or candidate-2, -3 … the first not taken. One read of the slug index finds every slug taken
    /// (the candidate and those that start with "candidate-"): many sources can share a candidate (an Arabic title
    /// adds no words, so a publisher's articles of one day share publisher and date), and probing one number at a time
    /// made the n-th such source cost n queries. The numbers handed out in this transaction are remembered.
    /// </summary>
    private string UniqueSlug(string candidate)
    {
        if (!_taken.TryGetValue(candidate, out var taken))
        {
            taken = new TakenNumbers();
            // Slugs are ASCII letters, digits and hyphens: every "candidate-…" sorts between the candidate and "candidate."
            var command = Statement("SELECT slug FROM sources WHERE slug >= $slug AND slug < $end");
            command.Parameters.AddWithValue("$slug", candidate);
            command.Parameters.AddWithValue("$end", candidate + ".");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (SlugNumber(candidate, reader.GetString(0)) is { } n)
                {
                    taken.Numbers.Add(n);
                }
            }

            _taken[candidate] = taken;
        }

        // The lowest free number only ever rises: numbers are only taken.
        while (taken.Numbers.Contains(taken.LowestFree))
        {
            taken.LowestFree++;
        }

        var next = taken.LowestFree++;
        taken.Numbers.Add(next);
        return next == 1 ? candidate : $"{candidate}-{next}";
    }

    /// <summary>
    /// Keeps the remembered numbers true after a source is added: any slug (one given by hand, or another candidate's,
    /// such as "okaz-2015-07-21-3" from a title "3") may be a number of a candidate read earlier.
    /// </summary>
    private void Took(string slug)
    {
        if (_taken.TryGetValue(slug, out var itself))
        {
            itself.Numbers.Add(1);
        }

        var dash = slug.LastIndexOf('-');
        if (dash > 0 && _taken.TryGetValue(slug[..dash], out var numbered) && SlugNumber(slug[..dash], slug) is { } n)
        {
            numbered.Numbers.Add(n);
        }
    }

    /// <summary>1 for the candidate itself, n for "candidate-n" (n ≥ 2, no leading zero), else null.</summary>
    internal static int? SlugNumber(string candidate, string slug)
    {
        if (!slug.StartsWith(candidate, StringComparison.Ordinal))
        {
            return null;
        }

        if (slug.Length == candidate.Length)
        {
            return 1;
        }

        var digits = slug.AsSpan(candidate.Length + (slug[candidate.Length] == '-' ? 1 : 0));
        return slug[candidate.Length] == '-' && digits.Length is > 0 and <= 9 && digits[0] != '0' && !digits.ContainsAnyExceptInRange('0', '9')
            && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) is var n and >= 2 ? n : null;
    }

    private sealed class TakenNumbers
    {
        public HashSet<int> Numbers { get; } = [];

        public int LowestFree { get; set; } = 1;
    }
}
