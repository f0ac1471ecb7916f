using Archive.Core.Provenance;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

public sealed class CheckpointAuditorTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _state;

    public CheckpointAuditorTests()
    {
        _archive.Ingest(_archive.WriteInput("a.txt", "first source"));
        _state = Path.Combine(_archive.Workspace, "auditor");
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Audit_FirstRunThenGrowth_SavesThenAdvances()
    {
        var first = _archive.Services.Auditor.Audit(_state, null);
        _archive.Ingest(_archive.WriteInput("b.txt", "second source"));
        var second = _archive.Services.Auditor.Audit(_state, null);
        var third = _archive.Services.Auditor.Audit(_state, null);

        Assert.Equal((true, AuditReport.Started, 2L), (first.Ok, first.Status, first.Size));
        Assert.Equal((true, TrustStatus.Ok, 4L, true), (second.Ok, second.Status, second.Size, second.Advanced));
        Assert.Equal(2, second.Previous?.Size);
        Assert.Equal((true, false), (third.Ok, third.Advanced));
        Assert.Equal(4, Checkpoint.TryParse(File.ReadAllText(Path.Combine(_state, TrustChecker.CheckpointFile)))!.TreeSize);
    }

    [Fact]
    public void Audit_ArchiveSignedByAnotherKey_RefusesAndKeepsState()
    {
        using var other = new TempArchive();
        other.Ingest(other.WriteInput("x.txt", "another history"), other.WriteInput("y.txt", "longer than this one"));
        // The state pins the other archive's key: this archive's checkpoints are not signed with it.
        Assert.True(other.Services.Auditor.Audit(_state, null).Ok);
        var saved = File.ReadAllBytes(Path.Combine(_state, TrustChecker.CheckpointFile));

        var report = _archive.Services.Auditor.Audit(_state, null);

        Assert.False(report.Ok);
        Assert.False(report.Advanced);
        Assert.Equal(TrustStatus.BadSignature, report.Status);
        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(_state, TrustChecker.CheckpointFile)));
    }

    [Fact]
    public void Audit_PinnedKeyDeleted_FailsNamingTheFileAndKeepsState()
    {
        Assert.True(_archive.Services.Auditor.Audit(_state, null).Ok);
        var pinned = Path.Combine(_state, TrustChecker.PublicKeyFile);
        File.Delete(pinned);
        _archive.Ingest(_archive.WriteInput("b.txt", "second source"));
        var saved = File.ReadAllBytes(Path.Combine(_state, TrustChecker.CheckpointFile));

        var report = _archive.Services.Auditor.Audit(_state, null);

        Assert.False(report.Ok);
        Assert.Equal(TrustStatus.UnknownKey, report.Status);
        Assert.StartsWith($"{pinned} is missing", report.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(pinned));
        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(_state, TrustChecker.CheckpointFile)));
    }

    [Fact]
    public void Audit_PinnedKeyDeletedButKeyGiven_AdvancesWithThatKey()
    {
        Assert.True(_archive.Services.Auditor.Audit(_state, null).Ok);
        File.Delete(Path.Combine(_state, TrustChecker.PublicKeyFile));
        _archive.Ingest(_archive.WriteInput("b.txt", "second source"));

        var report = _archive.Services.Auditor.Audit(_state, _archive.Layout.PublicKeyPath);

        Assert.Equal((true, TrustStatus.Ok, true), (report.Ok, report.Status, report.Advanced));
    }
}
