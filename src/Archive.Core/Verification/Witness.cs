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

    public AuditReport Cosign(string stateDirectory, string witnessKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        using var witness = CheckpointSigner.LoadPrivateKey(witnessKeyPath);
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
        CosignatureStore.Insert(connection, new CosignatureStore.Row(0, checkpoint.Id, checkpoint.TreeSize, checkpoint.Root, witness.KeyId, witness.PublicKeyPem + "\n", signature));
        File.WriteAllBytes(Path.Combine(stateDirectory, CosignatureFile), signature);
        File.WriteAllText(Path.Combine(stateDirectory, WitnessKeyFile), witness.PublicKeyPem + "\n");
        return report with { Message = $"cosigned checkpoint {checkpoint.TreeSize} as witness sha256:{witness.KeyId[..16]}… ({report.Message})" };
    }
}
