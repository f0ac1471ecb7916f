using System.Text.Json.Nodes;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Catalog;

/// <summary>
/// Withdraws a capture through a signed <c>withdrawn</c> event that says why, in one transaction with the capture row:
/// searches, related documents and the meaning index leave it out from then on. Nothing is deleted: its original,
/// texts and events stay, it can still be shown, cited and verified, and the log says when, by whom and why.
/// </summary>
public sealed class Withdrawer
{
    /// <summary>The longest reason, in characters.</summary>
    public const int MaxReasonLength = 1000;

    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;
    private readonly ICaptureIndex _index;

    internal Withdrawer(ArchiveDatabase database, EventLog log, ICaptureIndex index)
    {
        _database = database;
        _log = log;
        _index = index;
    }

    /// <summary>
    /// Refuses a withdrawal asked by <paramref name="given"/>, the slug of a source with several versions: a slug names
    /// only the newest, and the older versions would stay in searches while the user took the source for withdrawn.
    /// Each version is withdrawn by its own id.
    /// </summary>
    public static void RequireOneVersion(string given, CaptureDetail detail)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(detail);
        if (detail.Versions.Count > 1 && string.Equals(given.Trim(), detail.Capture.Slug, StringComparison.OrdinalIgnoreCase))
        {
            var versions = string.Join(", ", detail.Versions.Select(v => $"{v.Id.Short} (version {v.Version})"));
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"'{detail.Capture.Slug}' is a source of {detail.Versions.Count} versions and the slug names only the newest; withdraw each one meant by its id: {versions}");
        }
    }

    /// <summary>The withdrawn event. Throws <see cref="ArchiveException"/> when the reason is empty or too long, the capture unknown, or already withdrawn.</summary>
    public LoggedEvent Withdraw(CaptureId captureId, string reason, string agent)
    {
        ArgumentNullException.ThrowIfNull(reason);
        reason = reason.Trim();
        if (reason.Length == 0)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, "a withdrawal needs a reason (--reason), which the log keeps with it");
        }

        // One line, as `show`, `brief check` and the log's readers print it: a line break or a bidi override in it
        // could make a printed line read as another (a forged "OK", text drawn reversed).
        if (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029'))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"the reason is one line of plain text (no line breaks, tabs, control characters or bidi embeddings, overrides or isolates), at most {MaxReasonLength} characters");
        }

        using var connection = _database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT rowid, withdrawn FROM captures WHERE id = $id";
        command.Parameters.AddWithValue("$id", captureId.Value);
        long rowId;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new ArchiveException(ArchiveErrorKind.NotFound, $"no capture {captureId}");
            }

            if (reader.GetInt64(1) != 0)
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"capture {captureId.Short} is already withdrawn; its withdrawn event in the log says when and why");
            }

            rowId = reader.GetInt64(0);
        }

        var appender = _log.BeginAppend(connection, transaction);
        var logged = appender.Append(new NewEvent(EventType.Withdrawn, captureId.Value, agent, "ok", new JsonObject { ["reason"] = reason }));
        command.Parameters.Clear();
        command.CommandText = "UPDATE captures SET withdrawn = 1 WHERE rowid = $row";
        command.Parameters.AddWithValue("$row", rowId);
        command.ExecuteNonQuery();
        appender.Seal();
        transaction.Commit();
        _index.CatalogChanged();
        return logged;
    }
}
