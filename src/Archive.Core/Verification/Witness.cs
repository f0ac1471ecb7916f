using System.Text;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Verification;

/// <summary>
/// A second party that cosigns the archive's checkpoints. Its memory is a state folder as <c>audit --state</c> keeps
/// it: it cosigns the latest checkpoint only after checking that it is signed by the archive key it pinned (or one
/// the log hands over to) and that the log extends the checkpoint it signed last. The cosignature is stored in the
/// archive and written beside the saved checkpoint as <c>checkpoint.cosig</c> with the witness's <c>witness.pem</c>.
/// </summary>
public sealed class Witness
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _eventLog;

    internal Witness(ArchiveDatabase database, EventLog eventLog)
    {
        _database = database;
        _eventLog = eventLog;
    }

    public const string CosignatureFile = CheckpointFolder.StateCosignatureFile;
    public const string WitnessKeyFile = CheckpointFolder.StateWitnessKeyFile;

    /// <summary>
    /// Cosigns the latest checkpoint with the key at <paramref name="witnessKeyPath"/> after auditing it against the
    /// state in <paramref name="stateDirectory"/>. A key the archive's log signs or signed with, or one other than the
    /// state's <c>witness.pem</c>, is refused before anything is written; a checkpoint this witness already cosigned
    /// is not cosigned again.
    /// </summary>
    public AuditReport Cosign(string stateDirectory, string witnessKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        using var witness = CheckpointSigner.LoadPrivateKey(witnessKeyPath);
        RequireIndependent(witness, witnessKeyPath);
        RequireStateWitness(stateDirectory, witness, witnessKeyPath);
        var report = new CheckpointAuditor(_database, _eventLog).Audit(stateDirectory, keyPath: null);
        if (!report.Ok)
        {
            return report with { Message = "refused to cosign: " + report.Message };
        }

        using var connection = _database.Open();
        var checkpoint = CheckpointStore.ReadAll(connection).Where(c => c.TreeSize == report.Size && c.Root == report.Root).MaxBy(c => c.Id)
            ?? throw new InvalidOperationException("the audited checkpoint is gone");
        var body = Encoding.UTF8.GetBytes(checkpoint.Body);
        var signature = witness.Sign(body);
        var earlier = CosignatureStore.Insert(connection, new CosignatureStore.Row(0, checkpoint.Id, checkpoint.TreeSize, checkpoint.Root, witness.KeyId, witness.PublicKeyPem + "\n", signature));
        // The state gets the stored cosignature, so it matches the archive even after a run that stopped before writing it.
        File.WriteAllBytes(Path.Combine(stateDirectory, CosignatureFile), earlier?.Signature ?? signature);
        File.WriteAllText(Path.Combine(stateDirectory, WitnessKeyFile), witness.PublicKeyPem + "\n");
        return report with
        {
            Message = earlier is null
                ? $"cosigned checkpoint {checkpoint.TreeSize} as witness sha256:{witness.KeyId[..16]}… ({report.Message})"
                : $"checkpoint {checkpoint.TreeSize} is already cosigned by witness sha256:{witness.KeyId[..16]}…: nothing new stored ({report.Message})",
        };
    }

    // A cosignature by a key the archive holds is the archive vouching for itself: it adds no second party.
    private void RequireIndependent(CheckpointSigner witness, string witnessKeyPath)
    {
        using var connection = _database.Open();
        using var keys = KeyHistory.Read(connection, _eventLog.Origin, _eventLog.Signer);
        if (witness.KeyId == _eventLog.Signer.KeyId || keys.Find(witness.KeyId) is not null)
        {
            var which = witness.KeyId == _eventLog.Signer.KeyId ? "the archive's own signing key" : "a key the archive's log has signed with";
            throw new ArchiveException(ArchiveErrorKind.InvalidInput,
                $"the witness key {witnessKeyPath} (sha256:{witness.KeyId[..16]}…) is {which}: a witness must cosign with a key of its own, for example from `archive key generate`");
        }
    }

    // A state folder is one witness's memory: another key would cosign on the strength of checks it never made.
    private static void RequireStateWitness(string stateDirectory, CheckpointSigner witness, string witnessKeyPath)
    {
        var saved = Path.Combine(stateDirectory, WitnessKeyFile);
        if (!File.Exists(saved))
        {
            return;
        }

        using var stateWitness = CheckpointSigner.LoadPublicKey(saved);
        if (stateWitness.KeyId != witness.KeyId)
        {
            throw new ArchiveException(ArchiveErrorKind.Conflict,
                $"the witness key {witnessKeyPath} (sha256:{witness.KeyId}) is not the witness of {stateDirectory}, whose {WitnessKeyFile} is sha256:{stateWitness.KeyId}: use that key, or another --state folder for another witness");
        }
    }
}
