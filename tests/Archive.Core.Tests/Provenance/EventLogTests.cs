using System.Text.Json.Nodes;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Provenance;

/// <summary>
/// The appender's check of the catalog's Merkle frontier against the events table: a frontier that is missing,
/// covers another number of events, or ends in another leaf is refused before anything is written.
/// </summary>
public sealed class EventLogTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public EventLogTests() => _archive.IngestSamples("test");

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void BeginAppend_ConsistentFrontier_AppendsAndKeepsTheLastLeaf()
    {
        var size = Events();

        var logged = Append();

        Assert.Equal(size, logged.Index);
        var (accumulator, last) = EventLog.ParseFrontier(Frontier()!);
        Assert.Equal(size + 1, accumulator.Size);
        Assert.Equal(MerkleHash.LeafHash(System.Text.Encoding.UTF8.GetBytes(logged.Json)), last);
    }

    [Fact]
    public void BeginAppend_FrontierMissing_RefusesAndWritesNothing()
    {
        Sql("DELETE FROM meta WHERE key = 'merkle_frontier'");

        var refused = AssertRefused();

        Assert.Contains("there is none, but the log holds", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BeginAppend_FrontierOfAShorterLog_RefusesAndWritesNothing()
    {
        var stale = Frontier();
        Append();
        Sql($"UPDATE meta SET value = '{stale}' WHERE key = 'merkle_frontier'");

        var refused = AssertRefused();

        Assert.Contains($"it covers {Events() - 1} events, but the log holds {Events()}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BeginAppend_LastEventEdited_RefusesAndWritesNothing()
    {
        Sql("UPDATE events SET json = replace(json, '\"agent\":\"test\"', '\"agent\":\"someone else\"') WHERE idx = (SELECT max(idx) FROM events)");

        var refused = AssertRefused();

        Assert.Contains($"event {Events() - 1} is not the last event it covers", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BeginAppend_FrontierWrittenWithoutItsLastLeaf_ChecksItsSmallestSubtreeAndAppends(bool odd)
    {
        // For an even size the smallest subtree is hashed again from the events; for an odd one it is the last leaf.
        if (Events() % 2 == 1 != odd)
        {
            Append();
        }

        WithoutLastLeaf();
        var size = Events();

        var logged = Append();

        Assert.Equal(size, logged.Index);
        Assert.NotNull(EventLog.ParseFrontier(Frontier()!).LastLeaf);
    }

    [Fact]
    public void BeginAppend_FrontierWithoutItsLastLeafAndAnEventEdited_Refuses()
    {
        if (Events() % 2 == 1)
        {
            Append();
        }

        WithoutLastLeaf();
        Sql("UPDATE events SET json = replace(json, '\"agent\":\"test\"', '\"agent\":\"someone else\"') WHERE idx = (SELECT max(idx) FROM events) - 1");

        var refused = AssertRefused();

        Assert.Contains("is not the last event it covers", refused.Message, StringComparison.Ordinal);
    }

    private ArchiveException AssertRefused()
    {
        var (events, frontier) = (Events(), Frontier());

        var refused = Assert.Throws<ArchiveException>(() => Append());

        Assert.Equal(ArchiveErrorKind.NeedsAction, refused.Kind);
        Assert.StartsWith("the catalog's log frontier (meta 'merkle_frontier') disagrees with its events: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the archive needs attention", refused.Message, StringComparison.Ordinal);
        Assert.Equal((events, frontier), (Events(), Frontier()));
        return refused;
    }

    private LoggedEvent Append()
    {
        var log = _archive.Services.Log;
        using var connection = _archive.Services.Database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = log.BeginAppend(connection, transaction);
        var logged = appender.Append(new NewEvent(EventType.FixityChecked, null, "test", "ok", new JsonObject()));
        appender.Seal();
        transaction.Commit();
        return logged;
    }

    private void WithoutLastLeaf()
    {
        var node = JsonNode.Parse(Frontier()!)!.AsObject();
        Assert.True(node.Remove("last"));
        Sql($"UPDATE meta SET value = '{CanonicalJson.Serialize(node)}' WHERE key = 'merkle_frontier'");
    }

    private long Events()
    {
        using var connection = _archive.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    private string? Frontier()
    {
        using var connection = _archive.OpenRaw();
        return ArchiveDatabase.MetaValue(connection, "merkle_frontier");
    }

    private void Sql(string statement)
    {
        using var connection = _archive.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
