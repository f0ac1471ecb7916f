using System.Globalization;
using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

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
        LoggedEvent logged;
        using (var connection = _database.Open())
        using (var transaction = ArchiveDatabase.BeginWrite(connection))
        {
            TimestampStore.Insert(connection, transaction, new TimestampStore.Row(0, checkpoint.Id, checkpoint.TreeSize, checkpoint.Root, tsa.ToString(), genTime, tokenBytes, certificates));
            var appender = _log.BeginAppend(connection, transaction);
            logged = appender.Append(new NewEvent(EventType.Timestamped, null, agent, "ok", new JsonObject
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
            $"checkpoint {checkpoint.TreeSize} time-stamped at {genTime} by {check.Tsa}")
        {
            EventIndex = logged.Index,
        };
    }

    /// <summary>
    /// Checks every stored token against the <c>timestamped</c> event that recorded it, its checkpoint and the TSA
    /// certificates kept with it, or <paramref name="pinned"/> (an auditor's own TSA certificates) when given.
    /// </summary>
    public IReadOnlyList<TimestampInfo> Audit(X509Certificate2Collection? pinned) => Audit(pinned, [], 0);

    /// <summary>
    /// Checks the time stamps the log records: each <c>timestamped</c> event must have its token stored (the SHA-256,
    /// serial, TSA subject and time it recorded), and that token must verify over its checkpoint; a stored token no
    /// event records is untracked. One verdict per event in log order, then one per untracked token.
    /// </summary>
    /// <param name="logged">The timestamped events among the first <paramref name="next"/> (verify has read them in its pass over the log); later ones are read here.</param>
    internal IReadOnlyList<TimestampInfo> Audit(X509Certificate2Collection? pinned, IReadOnlyList<(long Index, string Json)> logged, long next)
    {
        ArgumentNullException.ThrowIfNull(logged);
        IReadOnlyList<TimestampedEvent> events;
        IReadOnlyList<TimestampStore.Row> rows;
        Dictionary<long, StoredCheckpoint> checkpoints;
        using var connection = _database.Open();
        using (var snapshot = connection.BeginTransaction(deferred: true))
        {
            // The later events and the tokens from one snapshot: a token and its event are committed together.
            events = [.. logged.Select(e => TimestampedEvent.Parse(e.Index, e.Json)), .. ReadEvents(connection, snapshot, next)];
            rows = TimestampStore.ReadAll(connection, snapshot);
            checkpoints = CheckpointStore.ReadAll(connection, snapshot).ToDictionary(c => c.Id);
            snapshot.Commit();
        }

        var results = new List<TimestampInfo>();
        foreach (var (e, row, sha256) in Pair(events, rows))
        {
            results.Add(row is null ? Missing(e!) : Check(row, sha256!, e, checkpoints, pinned));
        }

        return results;
    }

    /// <summary>
    /// The earliest time-stamped checkpoint whose tree holds the ingest (or capture) and text events of every capture
    /// in <paramref name="captureIds"/>: a TSA vouches that these sources existed by its time. Null when none does.
    /// Only a stored token that a <c>timestamped</c> event records (its SHA-256, checkpoint and TSA) counts, and the
    /// time named is the event's.
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
        return Vouched(connection, stamps)
            .Where(p => p.Row.TreeSize > last && checkpoints.TryGetValue(p.Row.CheckpointId, out var c) && c.Root == p.Row.Root)
            .OrderBy(p => p.Row.TreeSize)
            .Select(p => new TimestampInfo(p.Row.TreeSize, p.Row.Root, p.Row.Tsa, p.Event.TsaSubject, p.Event.GenTime, p.Event.Serial, TimestampInfo.Ok,
                string.Create(CultureInfo.InvariantCulture, $"checkpoint {p.Row.TreeSize} time-stamped at {p.Event.GenTime} by {p.Row.Tsa}"))
            { EventIndex = p.Event.Index })
            .FirstOrDefault();
    }

    /// <summary>
    /// The stored tokens a <c>timestamped</c> event records (the same SHA-256, checkpoint and TSA URL, and a time),
    /// each with its event, oldest first: the only ones the archive hands out or names.
    /// </summary>
    internal static IReadOnlyList<(TimestampStore.Row Row, TimestampedEvent Event)> Vouched(SqliteConnection connection, IReadOnlyList<TimestampStore.Row>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        rows ??= TimestampStore.ReadAll(connection);
        return rows.Count == 0 ? [] : [.. Pair(ReadEvents(connection, null, 0), rows)
            .Where(p => p.Event is { } e && p.Row is { } r && p.Sha256 == e.TokenSha256 && r.TreeSize == e.CheckpointSize && r.Root == e.CheckpointRoot && r.Tsa == e.Tsa && e.GenTime is not null)
            .Select(p => (p.Row!, p.Event!))
            .OrderBy(p => p.Item1.Id)];
    }

    /// <summary>
    /// The timestamped events from index <paramref name="from"/> on. They name no capture, so the capture index finds
    /// them among the few events that name none, without reading the log.
    /// </summary>
    private static List<TimestampedEvent> ReadEvents(SqliteConnection connection, SqliteTransaction? transaction, long from)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT idx, json FROM events WHERE capture_id IS NULL AND type = $type AND idx >= $from ORDER BY idx";
        command.Parameters.AddWithValue("$type", EventType.Timestamped);
        command.Parameters.AddWithValue("$from", from);
        using var reader = command.ExecuteReader();
        var events = new List<TimestampedEvent>();
        while (reader.Read())
        {
            events.Add(TimestampedEvent.Parse(reader.GetInt64(0), reader.GetString(1)));
        }

        return events;
    }

    /// <summary>
    /// Each event with the stored token it names (by SHA-256) or, failing that, the token stored over the same
    /// checkpoint in its place (or none: missing), in log order; then each token no event took (untracked), oldest first.
    /// </summary>
    private static List<(TimestampedEvent? Event, TimestampStore.Row? Row, string? Sha256)> Pair(IReadOnlyList<TimestampedEvent> events, IReadOnlyList<TimestampStore.Row> rows)
    {
        var hashes = rows.Select(r => Convert.ToHexStringLower(SHA256.HashData(r.Token))).ToArray();
        var taken = new bool[rows.Count];
        var paired = new int[events.Count];
        int Take(Func<int, bool> fits)
        {
            for (var j = 0; j < rows.Count; j++)
            {
                if (!taken[j] && fits(j))
                {
                    taken[j] = true;
                    return j;
                }
            }

            return -1;
        }

        for (var i = 0; i < events.Count; i++)
        {
            paired[i] = Take(j => hashes[j] == events[i].TokenSha256);
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (paired[i] < 0)
            {
                paired[i] = Take(j => rows[j].TreeSize == events[i].CheckpointSize && rows[j].Root == events[i].CheckpointRoot);
            }
        }

        var pairs = new List<(TimestampedEvent?, TimestampStore.Row?, string?)>();
        for (var i = 0; i < events.Count; i++)
        {
            pairs.Add(paired[i] < 0 ? (events[i], null, null) : (events[i], rows[paired[i]], hashes[paired[i]]));
        }

        for (var j = 0; j < rows.Count; j++)
        {
            if (!taken[j])
            {
                pairs.Add((null, rows[j], hashes[j]));
            }
        }

        return pairs;
    }

    private static TimestampInfo Missing(TimestampedEvent e)
    {
        var size = e.CheckpointSize ?? 0;
        return new TimestampInfo(size, e.CheckpointRoot ?? string.Empty, e.Tsa ?? string.Empty, e.TsaSubject, e.GenTime, e.Serial, TimestampInfo.Missing,
            string.Create(CultureInfo.InvariantCulture, $"time stamp on checkpoint {size} ({e.Tsa}): event {e.Index} records a token ({Named(e.TokenSha256, e.Serial, e.TsaSubject, e.GenTime)}), but the catalog holds none"))
        {
            EventIndex = e.Index,
        };
    }

    /// <summary>
    /// One stored token: untracked when no event records it; otherwise it must be the token its event records, over a
    /// checkpoint in the catalog, verifying under <paramref name="pinned"/> or the certificates kept with it, at the
    /// time the catalog names.
    /// </summary>
    private static TimestampInfo Check(TimestampStore.Row row, string sha256, TimestampedEvent? e, Dictionary<long, StoredCheckpoint> checkpoints, X509Certificate2Collection? pinned)
    {
        TimestampInfo Item(string status, string message, TimestampCheck.Result? check = null) =>
            new(row.TreeSize, row.Root, row.Tsa, check?.Tsa, check?.GenTime is { } t ? EventLog.FormatTime(t) : row.GenTime, check?.Serial, status, $"time stamp on checkpoint {row.TreeSize} ({row.Tsa}): {message}")
            {
                EventIndex = e?.Index,
            };

        TimestampCheck.Result? check = null;
        string? problem = null;
        if (!checkpoints.TryGetValue(row.CheckpointId, out var checkpoint) || checkpoint.TreeSize != row.TreeSize || checkpoint.Root != row.Root)
        {
            problem = "the checkpoint it stamps is not in the catalog";
        }
        else
        {
            try
            {
                check = TimestampCheck.Check(row.Token, Encoding.UTF8.GetBytes(checkpoint.Body), pinned ?? TimestampCheck.FromPem(row.TsaCerts, "the stored TSA certificates"));
                problem = check.Problem;
            }
            catch (ArchiveException ex)
            {
                problem = ex.Message;
            }
        }

        var stamped = check?.GenTime is { } time ? EventLog.FormatTime(time) : null;
        if (e is null)
        {
            return Item(TimestampInfo.Untracked, $"no timestamped event in the log records this token ({Named(sha256, check?.Serial, check?.Tsa, stamped ?? row.GenTime)}): `archive log timestamp` did not store it", check);
        }

        // The token must be the one the signed event names, whatever certificates were stored beside it.
        var differs = new List<string>();
        void Compare(string what, string? stored, string? recorded)
        {
            if (stored is not null && stored != recorded)
            {
                differs.Add($"{what} {stored} where the event has {recorded ?? "none"}");
            }
        }

        if (sha256 != e.TokenSha256)
        {
            differs.Add($"token {Named(sha256, null, null, null)} where the event has {(e.TokenSha256 is null ? "none" : Named(e.TokenSha256, null, null, null))}");
        }

        Compare("serial", check?.Serial, e.Serial);
        Compare("TSA", check?.Tsa, e.TsaSubject);
        Compare("stamped", stamped, e.GenTime);
        Compare("TSA URL", row.Tsa, e.Tsa);
        Compare("checkpoint", string.Create(CultureInfo.InvariantCulture, $"{row.TreeSize} ({row.Root})"), string.Create(CultureInfo.InvariantCulture, $"{e.CheckpointSize} ({e.CheckpointRoot})"));
        if (differs.Count > 0)
        {
            return Item(TimestampInfo.Failed, problem is null
                ? string.Create(CultureInfo.InvariantCulture, $"the stored token is not the one event {e.Index} records: {string.Join("; ", differs)}")
                : string.Create(CultureInfo.InvariantCulture, $"{problem}; nor is it the token event {e.Index} records: {string.Join("; ", differs)}"), check);
        }

        if (problem is not null)
        {
            return Item(TimestampInfo.Failed, problem, check);
        }

        // The time the archive keeps beside the token (and names in packs) must be the token's own.
        return row.GenTime != stamped
            ? Item(TimestampInfo.Failed, $"the catalog records it as stamped {row.GenTime}, but the token says {stamped}", check)
            : Item(TimestampInfo.Ok, $"stamped {stamped} by {check!.Tsa}", check);
    }

    /// <summary>A token as a sentence names it: its hash, serial, TSA and time, those known.</summary>
    private static string Named(string? sha256, string? serial, string? subject, string? time) =>
        string.Join(", ", new[]
        {
            sha256 is null ? null : $"sha256:{sha256[..Math.Min(16, sha256.Length)]}…",
            serial is null ? null : $"serial {serial}",
            subject is null ? null : $"by {subject}",
            time is null ? null : $"stamped {time}",
        }.OfType<string>());

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
