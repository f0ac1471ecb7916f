using System.Security.Cryptography.X509Certificates;
using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>
/// The witness public keys and TSA certificates an auditor pins, from flags (<c>--witness-key</c>,
/// <c>--tsa-cert</c>) and from the <c>--trust</c> folders they keep (<c>witnesses/*.pem</c> or a witness's
/// <c>witness.pem</c>, and <c>tsa-certs.pem</c>). When any is pinned, the archive's stored cosignatures and time-stamp
/// tokens must hold under these, not under the keys and certificates stored beside them in the archive.
/// </summary>
internal sealed class TrustAnchors : IDisposable
{
    private readonly Dictionary<string, (CheckpointSigner Key, string Source)> _witnesses = new(StringComparer.Ordinal);

    private TrustAnchors(X509Certificate2Collection? tsa, IReadOnlyList<string> tsaSources)
    {
        Tsa = tsa;
        TsaSources = tsaSources;
    }

    /// <summary>The pinned TSA certificates, or null when the auditor pinned none.</summary>
    public X509Certificate2Collection? Tsa { get; }

    /// <summary>Where the pinned TSA certificates came from (files), for messages.</summary>
    public IReadOnlyList<string> TsaSources { get; }

    /// <summary>Whether the auditor pinned any witness key.</summary>
    public bool PinsWitnesses => _witnesses.Count > 0;

    /// <summary>The fingerprints of the pinned witness keys, in order.</summary>
    public IEnumerable<string> WitnessKeyIds => _witnesses.Keys.Order(StringComparer.Ordinal);

    /// <summary>Reads every pinned key and certificate; an unreadable file given by flag fails as invalid input, naming it.</summary>
    public static TrustAnchors Load(TrustOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tsaFiles = new List<string>();
        if (options.TsaCertificatePath is { } flagged)
        {
            tsaFiles.Add(flagged);
        }

        tsaFiles.AddRange(options.Folders.Select(f => Path.Combine(f, CheckpointFolder.TsaCertificatesFile)).Where(File.Exists));
        X509Certificate2Collection? tsa = null;
        foreach (var file in tsaFiles)
        {
            tsa ??= [];
            tsa.AddRange(TimestampCheck.LoadCertificates(file));
        }

        var anchors = new TrustAnchors(tsa, tsaFiles);
        try
        {
            foreach (var path in options.WitnessKeyPaths)
            {
                anchors.AddWitness(CheckpointSigner.LoadPublicKey(path), path);
            }

            foreach (var folder in options.Folders)
            {
                foreach (var pem in FolderWitnessKeys(folder))
                {
                    anchors.AddWitness(CheckpointSigner.LoadPublicKey(pem), pem);
                }
            }
        }
        catch
        {
            anchors.Dispose();
            throw;
        }

        return anchors;
    }

    /// <summary>The witness public keys a checkpoint folder holds: <c>witnesses/*.pem</c>, and a witness state's <c>witness.pem</c>.</summary>
    public static IEnumerable<string> FolderWitnessKeys(string folder)
    {
        var witnesses = Path.Combine(folder, CheckpointFolder.WitnessesFolder);
        var keys = Directory.Exists(witnesses) ? Directory.EnumerateFiles(witnesses, "*.pem").Order(StringComparer.Ordinal).ToList() : [];
        var state = Path.Combine(folder, CheckpointFolder.StateWitnessKeyFile);
        if (File.Exists(state))
        {
            keys.Add(state);
        }

        return keys;
    }

    /// <summary>The pinned witness key with this fingerprint and where it was pinned, or null.</summary>
    public (CheckpointSigner Key, string Source)? Witness(string keyId) =>
        _witnesses.TryGetValue(keyId, out var found) ? found : null;

    /// <summary>The pinned witness keys as short fingerprints, for messages.</summary>
    public string DescribeWitnesses() => string.Join(", ", WitnessKeyIds.Select(id => $"sha256:{id[..16]}…"));

    public void Dispose()
    {
        foreach (var (key, _) in _witnesses.Values)
        {
            key.Dispose();
        }

        _witnesses.Clear();
        if (Tsa is not null)
        {
            foreach (var certificate in Tsa)
            {
                certificate.Dispose();
            }
        }
    }

    private void AddWitness(CheckpointSigner key, string source)
    {
        if (!_witnesses.TryAdd(key.KeyId, (key, source)))
        {
            key.Dispose();
        }
    }
}
