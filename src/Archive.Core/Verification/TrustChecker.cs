using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Verification;

/// <summary>
/// Checks a checkpoint saved outside the archive: its signature under a pinned key, then that the log extends its
/// tree (RFC 9162 consistency from its size to the log's size, against its signed root). When the folder also holds
/// the exported <c>log.jsonl</c>, a rewrite is located at the first event where the two histories differ.
/// </summary>
internal static class TrustChecker
{
    public const string CheckpointFile = CheckpointFolder.CheckpointFile;
    public const string SignatureFile = CheckpointFolder.SignatureFile;
    public const string PublicKeyFile = CheckpointFolder.PublicKeyFile;
    public const string LogFile = CheckpointFolder.LogFile;

    /// <summary>Fails with <see cref="ArchiveErrorKind.InvalidInput"/> unless the folder holds a checkpoint and its signature.</summary>
    public static void RequireCheckpoint(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!File.Exists(Path.Combine(folder, CheckpointFile)) || !File.Exists(Path.Combine(folder, SignatureFile)))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{folder}: no {CheckpointFile} and {SignatureFile} here (a folder as `archive log export` writes it)");
        }
    }

    /// <summary>The fingerprint of the folder's <c>public.pem</c>, or null when it has none (or none readable).</summary>
    public static string? FolderKeyId(string folder)
    {
        var pem = Path.Combine(folder, PublicKeyFile);
        if (!File.Exists(pem))
        {
            return null;
        }

        using var key = CheckpointSigner.FromPublicPem(File.ReadAllText(pem));
        return key?.KeyId;
    }

    /// <summary>The leaf hash of every event row, in index order, from the raw JSON bytes.</summary>
    public static List<byte[]> ReadLeaves(SqliteConnection connection) => EventLeaves.Read(connection);

    /// <summary>
    /// Checks the checkpoint in <paramref name="folder"/> against the first <paramref name="size"/> of
    /// <paramref name="leaves"/>, with <paramref name="key"/> pinned (<paramref name="keySource"/> says where it came from),
    /// as a checkpoint of the log named <paramref name="origin"/>.
    /// </summary>
    public static TrustItem Check(string folder, string origin, CheckpointSigner key, string keySource, IReadOnlyList<byte[]> leaves, long size)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(leaves);
        RequireCheckpoint(folder);
        var full = Path.GetFullPath(folder);
        var body = File.ReadAllBytes(Path.Combine(folder, CheckpointFile));
        var signature = File.ReadAllBytes(Path.Combine(folder, SignatureFile));
        var checkpoint = Checkpoint.TryParse(Encoding.UTF8.GetString(body));
        var keyName = $"key {Short(key.KeyId)} ({keySource})";
        TrustItem Item(string status, string message) =>
            new(full, checkpoint?.TreeSize, checkpoint is null ? null : Convert.ToBase64String(checkpoint.Root), status, key.KeyId, $"trusted checkpoint {folder}: {message}");

        var pem = Path.Combine(folder, PublicKeyFile);
        if (File.Exists(pem))
        {
            using var folderKey = CheckpointSigner.LoadPublicKey(pem);
            if (folderKey.KeyId != key.KeyId)
            {
                return Item(TrustStatus.UnknownKey, $"signed with key {Short(folderKey.KeyId)} ({PublicKeyFile}), not the pinned {keyName}; pass --trust-key PEM to trust that key");
            }
        }

        if (!key.Verify(body, signature))
        {
            return Item(TrustStatus.BadSignature, $"{CheckpointFile} does not match {SignatureFile} under the pinned {keyName}: it was changed after signing");
        }

        if (checkpoint is null)
        {
            return Item(TrustStatus.BadSignature, $"{CheckpointFile} is signed by the pinned {keyName} but is not a checkpoint");
        }

        // Two archives may share a key (init --key): a checkpoint of the other one is no history of this one to compare.
        if (checkpoint.Origin != origin)
        {
            return Item(TrustStatus.OtherLog, $"it is a checkpoint of another log ({checkpoint.Origin}), not of this archive's ({origin}), signed with the same {keyName}: check that the folder belongs to this archive");
        }

        var n = checkpoint.TreeSize;
        var rootText = Convert.ToBase64String(checkpoint.Root);
        var tree = new MerkleTree(leaves);
        if (n > size)
        {
            var (fork, _) = FirstDifference(folder, checkpoint, leaves, size);
            var where = fork is { } f && f < size ? $"; the events it still has differ from the trusted history from event {f}" : string.Empty;
            return Item(TrustStatus.RolledBack, Invariant($"it covers {n} events (root {rootText}) but the log now has only {size}: the archive was rolled back to an older state{where}"));
        }

        var proof = tree.ConsistencyProof(n, size);
        if (!MerkleProofs.VerifyConsistency(n, size, proof, checkpoint.Root, tree.Root(size)))
        {
            var (fork, note) = FirstDifference(folder, checkpoint, leaves, size);
            var where = fork is { } f
                ? Invariant($"history diverges at event {f} (the folder's {note} differs from the current log from there)")
                : Invariant($"the log's root at size {n} is {Convert.ToBase64String(tree.Root(n))}, not the signed {rootText} ({note})");
            return Item(TrustStatus.Rewritten, Invariant($"the log was rewritten since this checkpoint of {n} events: {where}"));
        }

        return Item(TrustStatus.Ok, Invariant($"signed by the pinned {keyName}; the log of {size} events extends its {n} (consistency proof of {proof.Count} hashes)"));
    }

    /// <summary>
    /// Adds the folder's cosignatures and time-stamp token to a checkpoint that held: each witness's signature over
    /// <c>checkpoint.txt</c> under its key (named by its file), and the token under the TSA certificates the auditor
    /// pinned. Any that fails turns the item into <see cref="TrustStatus.BadCosignature"/> or
    /// <see cref="TrustStatus.BadTimestamp"/>, naming the witness or the TSA.
    /// </summary>
    public static TrustItem WithAttestations(TrustItem item, string folder, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(anchors);
        if (!item.IsOk)
        {
            return item;
        }

        var body = File.ReadAllBytes(Path.Combine(folder, CheckpointFile));
        var witnesses = new List<string>();
        var problems = new List<string>();
        foreach (var (cosig, pem, named) in FolderCosignatures(folder))
        {
            var shown = Path.GetRelativePath(folder, cosig);
            if (!File.Exists(pem))
            {
                problems.Add($"{shown}: no witness key {Path.GetRelativePath(folder, pem)} beside it");
                continue;
            }

            using var key = CheckpointSigner.FromPublicPem(File.ReadAllText(pem));
            if (key is null)
            {
                problems.Add($"{Path.GetRelativePath(folder, pem)}: not a PEM ECDSA public key");
            }
            else if (named is not null && !string.Equals(named, key.KeyId, StringComparison.Ordinal))
            {
                problems.Add($"{Path.GetRelativePath(folder, pem)} is witness key sha256:{Short(key.KeyId)}…, not the sha256:{Short(named)}… its name says");
            }
            else if (!key.Verify(body, File.ReadAllBytes(cosig)))
            {
                problems.Add($"the cosignature by witness sha256:{Short(key.KeyId)}… ({shown}) does not verify over {CheckpointFile}: it was made over another checkpoint or changed");
            }
            else
            {
                witnesses.Add(key.KeyId);
            }
        }

        if (problems.Count > 0)
        {
            return item with { Status = TrustStatus.BadCosignature, Message = $"{item.Message}; but {string.Join("; ", problems)}", Witnesses = witnesses };
        }

        var message = item.Message + (witnesses.Count > 0 ? $"; cosigned by {string.Join(", ", witnesses.Select(w => $"witness sha256:{Short(w)}…"))}" : string.Empty);
        var tokenPath = Path.Combine(folder, CheckpointFolder.TokenFile);
        if (!File.Exists(tokenPath))
        {
            return item with { Message = message, Witnesses = witnesses };
        }

        if (anchors.Tsa is null)
        {
            return item with
            {
                Status = TrustStatus.BadTimestamp,
                Message = $"{message}; but {CheckpointFolder.TokenFile} cannot be checked: no TSA certificate is pinned ({CheckpointFolder.TsaCertificatesFile} in the folder, or --tsa-cert PEM)",
                Witnesses = witnesses,
            };
        }

        var check = TimestampCheck.Check(File.ReadAllBytes(tokenPath), body, anchors.Tsa);
        return check.Problem is null
            ? item with { Message = $"{message}; time-stamped {EventLog.FormatTime(check.GenTime!.Value)} by {check.Tsa}", Witnesses = witnesses, TimestampedAt = EventLog.FormatTime(check.GenTime!.Value) }
            : item with { Status = TrustStatus.BadTimestamp, Message = $"{message}; but the time stamp {CheckpointFolder.TokenFile}: {check.Problem}", Witnesses = witnesses };
    }

    /// <summary>Each cosignature file in a folder with the key file that should verify it and the fingerprint its name gives (none in a witness's state).</summary>
    private static IEnumerable<(string Cosignature, string Key, string? Named)> FolderCosignatures(string folder)
    {
        var witnesses = Path.Combine(folder, CheckpointFolder.WitnessesFolder);
        if (Directory.Exists(witnesses))
        {
            foreach (var cosig in Directory.EnumerateFiles(witnesses, "*" + CheckpointFolder.CosignatureExtension).Order(StringComparer.Ordinal))
            {
                yield return (cosig, Path.ChangeExtension(cosig, ".pem"), Path.GetFileNameWithoutExtension(cosig));
            }
        }

        var state = Path.Combine(folder, CheckpointFolder.StateCosignatureFile);
        if (File.Exists(state))
        {
            yield return (state, Path.Combine(folder, CheckpointFolder.StateWitnessKeyFile), null);
        }
    }

    /// <summary>
    /// The first event where the folder's saved history (<see cref="LogFile"/>, else <see cref="CheckpointFolder.LeavesFile"/>,
    /// each trusted only when it rebuilds the signed root) differs from <paramref name="leaves"/>, with the file it came
    /// from; or no index and why the folder could not locate it.
    /// </summary>
    private static (long? Index, string Note) FirstDifference(string folder, Checkpoint checkpoint, IReadOnlyList<byte[]> leaves, long size)
    {
        var tried = new List<string>();
        foreach (var file in new[] { LogFile, CheckpointFolder.LeavesFile })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                continue;
            }

            var saved = file == LogFile
                ? File.ReadLines(path, Encoding.UTF8).Take(checked((int)checkpoint.TreeSize)).Select(line => MerkleHash.LeafHash(Encoding.UTF8.GetBytes(line))).ToList()
                : new FileInfo(path).Length == checkpoint.TreeSize * MerkleHash.Size ? [.. File.ReadAllBytes(path).Chunk(MerkleHash.Size)] : [];
            if (saved.Count != checkpoint.TreeSize || !CryptographicOperations.FixedTimeEquals(new MerkleTree(saved).Root(saved.Count), checkpoint.Root))
            {
                tried.Add(file);
                continue;
            }

            var limit = Math.Min(saved.Count, size);
            for (var i = 0; i < limit; i++)
            {
                if (!saved[i].AsSpan().SequenceEqual(leaves[i]))
                {
                    return (i, file);
                }
            }

            return (limit, file);
        }

        return (null, tried.Count == 0
            ? $"neither {LogFile} nor {CheckpointFolder.LeavesFile} in the folder to locate the first changed event"
            : tried.Count == 1
                ? $"the folder's {tried[0]} does not rebuild the signed root, so it cannot locate the first changed event"
                : $"the folder's {string.Join(" and ", tried)} do not rebuild the signed root, so they cannot locate the first changed event");
    }

    private static string Short(string keyId) => keyId[..Math.Min(16, keyId.Length)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
