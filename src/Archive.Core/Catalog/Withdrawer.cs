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

    /// <summary>The withdrawn event. Throws <see cref="ArchiveException"/> when the reason is empty or too long, the capture unknown, or already withdrawn.</summary>
    public LoggedEvent Withdraw(CaptureId captureId, string reason, string agent)
    {
        ArgumentNullException.ThrowIfNull(reason);
        reason = reason.Trim();
        if (reason.Length == 0)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, "a withdrawal needs a reason (--reason), which the log keeps with it");
        }

        if (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"the reason is one line or a few of plain text, at most {MaxReasonLength} characters");
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
