using System.Globalization;
using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>
/// Obtains RFC 3161 time-stamp tokens over signed checkpoints from a time-stamping authority, keeps them beside the
/// checkpoint with a timestamped event, and checks every stored token again for verify.
/// </summary>
public sealed class TimestampService
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;

    internal TimestampService(ArchiveDatabase database, EventLog log)
    {
        _database = database;
        _log = log;
    }

    private const int MaxReplyBytes = 1 << 20;

    /// <summary>The longest a TSA may take to answer.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Stamps the checkpoint over the whole log (signing one first when the log has grown past the latest), checks
    /// the token against <paramref name="tsaCertificatePath"/> (the TSA's certificate or its CA, PEM), and stores it.
    /// </summary>
    public async Task<TimestampInfo> StampAsync(Uri tsa, string tsaCertificatePath, string agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tsa);
        if (!tsa.IsAbsoluteUri || (tsa.Scheme != Uri.UriSchemeHttp && tsa.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--tsa {tsa}: a time-stamping authority is reached over http or https");
        }

        var trusted = TimestampCheck.LoadCertificates(tsaCertificatePath);
        // The stamp is recorded as an event: without the archive key, refuse before asking the TSA.
        _log.RequireSigner();
        var checkpoint = CurrentCheckpoint();
        var body = Encoding.UTF8.GetBytes(checkpoint.Body);
        var request = Rfc3161TimestampRequest.CreateFromData(body, HashAlgorithmName.SHA256, nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);
        var reply = await PostAsync(tsa, request.Encode(), cancellationToken).ConfigureAwait(false);
        var tokenBytes = GrantedToken(tsa, reply);
        if (Rfc3161TimestampToken.TryDecode(tokenBytes, out var decoded, out _) &&
            (decoded.TokenInfo.GetNonce() is not { } nonce || !nonce.Span.SequenceEqual(request.GetNonce()!.Value.Span)))
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: the reply does not answer this request (another nonce)");
        }

        var check = TimestampCheck.Check(tokenBytes, body, trusted);
        if (check.Problem is not null)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{tsa}: refused the time stamp over checkpoint {checkpoint.TreeSize}: {check.Problem}");
        }

        var genTime = EventLog.FormatTime(check.GenTime!.Value);
        var certificates = string.Concat(trusted.Select(c => c.ExportCertificatePem() + "\n"));
        using (var connection = _database.Open())
        using (var transaction = ArchiveDatabase.BeginWrite(connection))
        {
            TimestampStore.Insert(connection, transaction, new TimestampStore.Row(0, checkpoint.Id, checkpoint.TreeSize, checkpoint.Root, tsa.ToString(), genTime, tokenBytes, certificates));
            var appender = _log.BeginAppend(connection, transaction);
            appender.Append(new NewEvent(EventType.Timestamped, null, agent, "ok", new JsonObject
            {
                ["checkpoint_size"] = checkpoint.TreeSize,
                ["checkpoint_root"] = checkpoint.Root,
                ["checkpoint_sha256"] = Convert.ToHexStringLower(SHA256.HashData(body)),
                ["tsa"] = tsa.ToString(),
                ["tsa_subject"] = check.Tsa,
                ["gen_time"] = genTime,
                ["serial"] = check.Serial,
                ["token_sha256"] = Convert.ToHexStringLower(SHA256.HashData(tokenBytes)),
            }));
            // No new checkpoint: the stamped one stays the latest, so `log export` hands it out with its token.
            appender.Seal(sign: false);
            transaction.Commit();
        }

        return new TimestampInfo(checkpoint.TreeSize, checkpoint.Root, tsa.ToString(), check.Tsa, genTime, check.Serial, TimestampInfo.Ok,
            $"checkpoint {checkpoint.TreeSize} time-stamped at {genTime} by {check.Tsa}");
    }

    /// <summary>
    /// Checks every stored token against its checkpoint and the TSA certificates kept with it, or against
    /// <paramref name="pinned"/> (an auditor's own TSA certificates) when given.
    /// </summary>
    public IReadOnlyList<TimestampInfo> Audit(X509Certificate2Collection? pinned)
    {
        using var connection = _database.Open();
        var checkpoints = CheckpointStore.ReadAll(connection).ToDictionary(c => c.Id);
        var results = new List<TimestampInfo>();
        foreach (var row in TimestampStore.ReadAll(connection))
        {
            TimestampInfo Item(string status, string message, TimestampCheck.Result? check = null) =>
                new(row.TreeSize, row.Root, row.Tsa, check?.Tsa, check?.GenTime is { } t ? EventLog.FormatTime(t) : row.GenTime, check?.Serial, status, $"time stamp on checkpoint {row.TreeSize} ({row.Tsa}): {message}");

            if (!checkpoints.TryGetValue(row.CheckpointId, out var checkpoint) || checkpoint.TreeSize != row.TreeSize || checkpoint.Root != row.Root)
            {
                results.Add(Item(TimestampInfo.Failed, "the checkpoint it stamps is not in the catalog"));
                continue;
            }

            X509Certificate2Collection trusted;
            try
            {
                trusted = pinned ?? TimestampCheck.FromPem(row.TsaCerts, "the stored TSA certificates");
            }
            catch (ArchiveException ex)
            {
                results.Add(Item(TimestampInfo.Failed, ex.Message));
                continue;
            }

            var check = TimestampCheck.Check(row.Token, Encoding.UTF8.GetBytes(checkpoint.Body), trusted);
            if (check.Problem is null && row.GenTime != EventLog.FormatTime(check.GenTime!.Value))
            {
                // The time the archive keeps beside the token (and names in packs) must be the token's own.
                results.Add(Item(TimestampInfo.Failed, $"the catalog records it as stamped {row.GenTime}, but the token says {EventLog.FormatTime(check.GenTime.Value)}", check));
                continue;
            }

            results.Add(check.Problem is null
                ? Item(TimestampInfo.Ok, string.Create(CultureInfo.InvariantCulture, $"stamped {EventLog.FormatTime(check.GenTime!.Value)} by {check.Tsa}"), check)
                : Item(TimestampInfo.Failed, check.Problem, check));
        }

        return results;
    }

    /// <summary>
    /// The earliest time-stamped checkpoint whose tree holds the ingest (or capture) and text events of every capture
    /// in <paramref name="captureIds"/>: a TSA vouches that these sources existed by its time. Null when none does.
    /// </summary>
    public TimestampInfo? Covering(IReadOnlyCollection<string> captureIds)
    {
        ArgumentNullException.ThrowIfNull(captureIds);
        using var connection = _database.Open();
        var stamps = TimestampStore.ReadAll(connection);
        if (stamps.Count == 0 || captureIds.Count == 0)
        {
            return null;
        }

        long last = -1;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT max(idx) FROM events WHERE capture_id = $id AND type IN ($ingested, $captured, $text)";
            var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
            command.Parameters.AddWithValue("$ingested", EventType.Ingested);
            command.Parameters.AddWithValue("$captured", EventType.Captured);
            command.Parameters.AddWithValue("$text", EventType.TextExtracted);
            foreach (var captureId in captureIds)
            {
                id.Value = captureId;
                if (command.ExecuteScalar() is long index)
                {
                    last = Math.Max(last, index);
                }
            }
        }

        var checkpoints = CheckpointStore.ReadAll(connection).ToDictionary(c => c.Id);
        return stamps
            .Where(r => r.TreeSize > last && checkpoints.TryGetValue(r.CheckpointId, out var c) && c.Root == r.Root)
            .OrderBy(r => r.TreeSize)
            .Select(r => new TimestampInfo(r.TreeSize, r.Root, r.Tsa, null, r.GenTime, null, TimestampInfo.Ok,
                string.Create(CultureInfo.InvariantCulture, $"checkpoint {r.TreeSize} time-stamped at {r.GenTime} by {r.Tsa}")))
            .FirstOrDefault();
    }

    /// <summary>Whether the log's first <paramref name="size"/> events hash to <paramref name="root"/> (base64).</summary>
    internal bool LogMatches(long size, string root)
    {
        using var connection = _database.Open();
        var leaves = EventLeaves.Read(connection, size);
        return size > 0 && leaves.Count == size && Convert.ToBase64String(new MerkleTree(leaves).Root(size)) == root;
    }

    /// <summary>
    /// The first of <paramref name="sources"/> whose ingest (or capture) event, or the event that extracted its text,
    /// is not among the first <paramref name="size"/> events, and which of the two; null when the tree of that size
    /// holds them all.
    /// </summary>
    internal (string Capture, string What)? Uncovered(IReadOnlyList<(string Capture, string? Text)> sources, long size)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, json FROM events WHERE capture_id = $capture AND idx < $size AND type IN ($ingested, $captured, $text)";
        var capture = command.Parameters.Add("$capture", Microsoft.Data.Sqlite.SqliteType.Text);
        command.Parameters.AddWithValue("$size", size);
        command.Parameters.AddWithValue("$ingested", EventType.Ingested);
        command.Parameters.AddWithValue("$captured", EventType.Captured);
        command.Parameters.AddWithValue("$text", EventType.TextExtracted);
        foreach (var (id, text) in sources)
        {
            capture.Value = id;
            var stored = false;
            var extracted = text is null;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (reader.GetString(0) != EventType.TextExtracted)
                    {
                        stored = true;
                    }
                    else if (!extracted && ExtractedText(reader.GetString(1)) == text)
                    {
                        extracted = true;
                    }
                }
            }

            if (!stored || !extracted)
            {
                return (id, !stored ? "ingest event" : $"text {text}'s extraction");
            }
        }

        return null;
    }

    /// <summary>The text digest a text-extracted event's JSON names, or null when it names none (or is not JSON).</summary>
    private static string? ExtractedText(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json)?["data"]?["text"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private StoredCheckpoint CurrentCheckpoint()
    {
        using (var connection = _database.Open())
        {
            var latest = CheckpointStore.ReadAll(connection).MaxBy(c => (c.TreeSize, c.Id));
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM events";
            if (latest is not null && latest.TreeSize == (long)count.ExecuteScalar()!)
            {
                return latest;
            }
        }

        if (!_log.Signer.CanSign)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, "the log has grown past its latest checkpoint and the signing key is not readable here: pass it with --key");
        }

        using (var connection = _database.Open())
        using (var transaction = ArchiveDatabase.BeginWrite(connection))
        {
            var appender = _log.BeginAppend(connection, transaction);
            _ = appender.Seal() ?? throw new ArchiveException(ArchiveErrorKind.NeedsAction, "the log is empty: nothing to time-stamp");
            transaction.Commit();
            return CheckpointStore.ReadAll(connection).MaxBy(c => (c.TreeSize, c.Id))!;
        }
    }

    /// <summary>The token of a TimeStampResp (RFC 3161 2.4.2) whose status is granted (0) or granted with mods (1).</summary>
    private static byte[] GrantedToken(Uri tsa, byte[] reply)
    {
        try
        {
            var response = new AsnReader(reply, AsnEncodingRules.DER).ReadSequence();
            var statusInfo = response.ReadSequence();
            var status = (int)statusInfo.ReadInteger();
            var text = statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence)
                ? string.Join("; ", ReadStrings(statusInfo.ReadSequence()))
                : string.Empty;
            if (status is not (0 or 1))
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: the TSA refused the request (status {status}{(text.Length > 0 ? ": " + text : string.Empty)})");
            }

            return response.HasData ? response.ReadEncodedValue().ToArray() : throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: the TSA granted the request but sent no token");
        }
        catch (AsnContentException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: the reply is not an RFC 3161 time-stamp response", ex);
        }
    }

    private static IEnumerable<string> ReadStrings(AsnReader sequence)
    {
        while (sequence.HasData)
        {
            yield return sequence.ReadCharacterString(UniversalTagNumber.UTF8String);
        }
    }

    private static async Task<byte[]> PostAsync(Uri tsa, byte[] query, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout };
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        try
        {
            using var response = await http.PostAsync(tsa, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: the TSA answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > MaxReplyBytes)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: the reply is larger than {MaxReplyBytes} bytes");
            }

            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxReplyBytes)
                {
                    throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: the reply is larger than {MaxReplyBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: cannot reach the TSA ({ex.Message.TrimEnd('.')})", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{tsa}: no answer within {Timeout.TotalSeconds:0} s", ex);
        }
    }
}
