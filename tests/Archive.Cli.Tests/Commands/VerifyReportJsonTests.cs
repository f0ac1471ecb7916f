using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Nodes;
using Archive.Cli.Commands;
using Archive.Core;
using Archive.Core.Provenance;
using Archive.Core.Verification;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>verify --json</c> is written by hand: byte for byte what the serializer writes under Reflected.</summary>
public sealed class VerifyReportJsonTests
{
    // Archive's JSON shape over any type, found by reflection.
    private static readonly JsonSerializerOptions Reflected = ArchiveJson.Create(new DefaultJsonTypeInfoResolver());

    [Fact]
    public void Write_EveryMemberSet_SameBytesAsSerializer()
    {
        var report = Full();

        Assert.Equal(JsonSerializer.Serialize(report, Reflected), VerifyReportJson.Write(report));
    }

    [Fact]
    public void Write_NullsAndEmptyLists_SameBytesAsSerializer()
    {
        var report = new VerifyReport(true, 0, [], 0, 0, 0, 0, null, 0, 0, null, [], []);

        Assert.Equal(JsonSerializer.Serialize(report, Reflected), VerifyReportJson.Write(report));
    }

    [Fact]
    public void Write_ProblemsWithSomeMembersNull_SameBytesAsSerializer()
    {
        var report = Full() with
        {
            Problems =
            [
                new VerificationItem("log", "changed", LogIndex: 0, Detail: "log broken at index 0"),
                new VerificationItem("blob", "untracked", Path: "blobs/ab/cd"),
            ],
            Root = null,
            RecordedAtIndex = null,
            Trust = [new TrustItem("/audit", null, null, "bad-signature", "sha256:00", "unreadable")],
            Timestamps = [new TimestampInfo(1, "cm9vdA==", "https://tsa.example", null, null, null, TimestampInfo.Failed, "no token")],
            Vectors = null,
        };

        Assert.Equal(JsonSerializer.Serialize(report, Reflected), VerifyReportJson.Write(report));
    }

    /// <summary>A member added to any record of the report must be added to the writer too: this names it.</summary>
    [Fact]
    public void Write_EveryMemberSet_WritesEveryMemberTheSerializerKnows()
    {
        var written = JsonNode.Parse(VerifyReportJson.Write(Full()))!.AsObject();

        Assert.Equal(Members<VerifyReport>(), Names(written));
        Assert.Equal(Members<VerificationItem>(), Names(written["problems"]![0]!.AsObject()));
        Assert.Equal(Members<TrustItem>(), Names(written["trust"]![0]!.AsObject()));
        Assert.Equal(Members<TimestampInfo>(), Names(written["timestamps"]![0]!.AsObject()));
        Assert.Equal(Members<VectorsSummary>(), Names(written["vectors"]!.AsObject()));
        Assert.Equal(Members<VerifyPhase>(), Names(written["phases"]![0]!.AsObject()));
    }

    private static VerifyReport Full() => new(
        false,
        42_678,
        [
            new VerificationItem("original", "changed", "sha256:" + new string('a', 64), "Quotes \" and \\ back, <tags> & 'ticks', tab\t, control \u0001, Arabic نص, emoji 😀",
                "blobs/aa/" + new string('a', 62), "sha256:" + new string('b', 64), "sha256:" + new string('c', 64), 12_345, "changed after ingest\nsecond line"),
        ],
        21_339,
        17_107_439,
        42_917,
        85,
        "PdR+ptNJ2bBWYkfXEHApFt4gRMrfGF09CIJ00fHZOuY=",
        1.504,
        11.4,
        42_918,
        [
            new TrustItem("auditor/2026-03-01", 120, "cm9vdA==", "ok", "sha256:" + new string('d', 64), "the log extends it")
            {
                Witnesses = ["sha256:" + new string('e', 64), "sha256:" + new string('f', 64)],
                TimestampedAt = "2026-03-01T12:00:00Z",
            },
        ],
        [new TimestampInfo(120, "cm9vdA==", "https://tsa.example/tsr", "CN=Example TSA", "2026-03-01T12:00:00Z", "0A1B", TimestampInfo.Ok, "stamps checkpoint 120") { EventIndex = 120 }])
    {
        NotRecorded = "the catalog's log frontier (meta 'merkle_frontier') disagrees with its events: \"quoted\"",
        Vectors = new VectorsSummary("e5-small", 10, 120, 2, 3, ["sha256:" + new string('0', 64)]),
        Phases = [new VerifyPhase("catalog", 0.289), new VerifyPhase("index wait", 0), new VerifyPhase("tiny", 1e-7), new VerifyPhase("long", 12_345.678_9)],
    };

    private static List<string> Members<T>() => [.. Reflected.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name)];

    private static List<string> Names(JsonObject node) => [.. node.Select(member => member.Key)];
}
