using System.Text.Json.Nodes;
using Archive.Core.Storage;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Briefings;

/// <summary>The catalog's record of packs: the <c>packs</c> table, and a cited-in-pack event per cited capture.</summary>
public sealed class PackCatalog
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;

    internal PackCatalog(ArchiveDatabase database, EventLog log)
    {
        _database = database;
        _log = log;
    }

    public const string Sql = """
        CREATE TABLE IF NOT EXISTS packs(
            id              TEXT PRIMARY KEY,
            created_at      TEXT NOT NULL,
            agent           TEXT NOT NULL,
            title           TEXT NOT NULL,
            brief_sha256    TEXT NOT NULL,
            body_sha256     TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            pdf_sha256      TEXT NOT NULL,
            pdf_path        TEXT NOT NULL,
            manifest_path   TEXT NOT NULL,
            citations       INTEGER NOT NULL,
            sources         INTEGER NOT NULL
        ) STRICT;
        """;

    /// <summary>Creates the packs table if absent. Called at archive initialisation and before recording a pack.</summary>
    public static void CreateSchema(SqliteConnection connection, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArchiveDatabase.Execute(connection, Sql, transaction);
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Inserts the pack, appends cited-in-pack events and seals a signed checkpoint, in one transaction.</summary>
    public long? Record(PackResult pack, string agent, string createdAt)
    {
        ArgumentNullException.ThrowIfNull(pack);
        using var connection = _database.Open();
        CreateSchema(connection, null);
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO packs(id, created_at, agent, title, brief_sha256, body_sha256, manifest_sha256, pdf_sha256, pdf_path, manifest_path, citations, sources)
                VALUES ($id, $created, $agent, $title, $brief, $body, $manifest, $pdf, $pdfPath, $manifestPath, $citations, $sources)
                """;
            command.Parameters.AddWithValue("$id", pack.PackId);
            command.Parameters.AddWithValue("$created", createdAt);
            command.Parameters.AddWithValue("$agent", agent);
            command.Parameters.AddWithValue("$title", pack.Check.Brief.FrontMatter!.Title);
            command.Parameters.AddWithValue("$brief", "sha256:" + pack.Check.Brief.Sha256);
            command.Parameters.AddWithValue("$body", pack.BodySha256);
            command.Parameters.AddWithValue("$manifest", pack.ManifestSha256);
            command.Parameters.AddWithValue("$pdf", pack.PdfSha256);
            command.Parameters.AddWithValue("$pdfPath", pack.PdfPath);
            command.Parameters.AddWithValue("$manifestPath", pack.ManifestPath);
            command.Parameters.AddWithValue("$citations", pack.Check.Citations.Count);
            command.Parameters.AddWithValue("$sources", pack.Check.Sources.Count);
            command.ExecuteNonQuery();
        }

        var appender = _log.BeginAppend(connection, transaction);
        foreach (var group in pack.Check.Citations.GroupBy(c => c.Capture.Capture.Id.Value, StringComparer.Ordinal))
        {
            var passages = new JsonArray();
            foreach (var c in group)
            {
                passages.Add((JsonNode)new JsonObject { ["n"] = c.Citation.Number, ["start"] = c.Passage.Start, ["end"] = c.Passage.End, ["status"] = c.Resolution.StatusName });
            }

            appender.Append(new NewEvent(EventType.CitedInPack, group.Key, agent, "ok", new JsonObject
            {
                ["pack_id"] = pack.PackId,
                ["body_sha256"] = pack.BodySha256,
                ["manifest_sha256"] = pack.ManifestSha256,
                ["pdf_sha256"] = pack.PdfSha256,
                ["text_sha256"] = group.First().Capture.Capture.TextSha256,
                ["passages"] = passages,
            }));
        }

        var checkpoint = appender.Seal();
        transaction.Commit();
        return checkpoint?.TreeSize;
    }

    /// <summary>True for a well-formed pack id: <c>pack-</c> and 12 lowercase hex digits.</summary>
    public static bool IsPackId(string? id) =>
        id is { Length: 17 } && id.StartsWith("pack-", StringComparison.Ordinal) && !id.AsSpan(5).ContainsAnyExcept(HexDigits);

    /// <summary>The pack with this id, or null when there is none (or the archive has no packs table yet).</summary>
    public PackRecord? Find(string id)
    {
        return IsPackId(id) ? Query("WHERE id = $id", ("$id", id)).SingleOrDefault() : null;
    }

    /// <summary>Packs, newest first.</summary>
    public IReadOnlyList<PackRecord> List(int limit, int offset)
    {
        return Query("ORDER BY created_at DESC, id LIMIT $limit OFFSET $offset", ("$limit", limit), ("$offset", offset));
    }

    /// <summary>True when the catalog has a pack with this id and manifest digest.</summary>
    public bool IsRecorded(string packId, string manifestSha256)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'packs'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        command.CommandText = "SELECT count(*) FROM packs WHERE id = $id AND manifest_sha256 = $manifest";
        command.Parameters.AddWithValue("$id", packId);
        command.Parameters.AddWithValue("$manifest", manifestSha256);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private List<PackRecord> Query(string clause, params (string Name, object Value)[] parameters)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'packs'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        command.CommandText = $"""
            SELECT id, created_at, agent, title, brief_sha256, body_sha256, manifest_sha256, pdf_sha256, pdf_path, manifest_path, citations, sources
            FROM packs {clause}
            """;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var packs = new List<PackRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            packs.Add(new PackRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetInt32(10), reader.GetInt32(11)));
        }

        return packs;
    }
}
