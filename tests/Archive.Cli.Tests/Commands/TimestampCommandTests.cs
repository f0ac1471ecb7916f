using System.Formats.Asn1;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive log timestamp</c> against a TSA the test runs on 127.0.0.1, and verify's check of every token.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TimestampCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly TestTsa _tsa;

    public TimestampCommandTests()
    {
        _tsa = new TestTsa(_archive.Workspace, "alpha");
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
    }

    public void Dispose()
    {
        _tsa.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public void Timestamp_LocalTsa_StoresTokenThatVerifyAndOpensslAccept()
    {
        var stamp = _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var export = Path.Combine(_archive.Workspace, "out");
        var exported = _archive.Run("log", "export", export);
        var verify = _archive.Run("verify", "--no-record", "--json");
        var openssl = TempArchive.Finish(TempArchive.StartProcess("openssl",
            ["ts", "-verify", "-data", Path.Combine(export, "checkpoint.txt"), "-in", Path.Combine(export, "checkpoint.tst"), "-token_in", "-CAfile", _tsa.CaPem]));

        Assert.Equal(("ok", 10), (stamp["status"]!.GetValue<string>(), stamp["checkpoint_size"]!.GetValue<int>()));
        Assert.Equal("CN=alpha test TSA", stamp["tsa_subject"]!.GetValue<string>());
        Assert.Equal(1, _tsa.Answered);
        Assert.Contains("time stamp: openssl ts -verify", exported.Out, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var checkedStamp = JsonNode.Parse(verify.Out)!["timestamps"]!.AsArray().Single()!;
        Assert.Equal("ok", checkedStamp["status"]!.GetValue<string>());
        Assert.Equal(10, checkedStamp["event_index"]!.GetValue<long>());
        Assert.True(openssl.ExitCode == 0 && openssl.Out.Contains("Verification: OK", StringComparison.Ordinal), openssl.ToString());
        var log = _archive.RunJson("log", "--from", "10");
        Assert.Equal("timestamped", log[0]!["event"]!["type"]!.GetValue<string>());
        Assert.Equal(stamp["serial"]!.GetValue<string>(), log[0]!["event"]!["data"]!["serial"]!.GetValue<string>());
    }

    [Fact]
    public void Timestamp_TheTsasOwnCertificatePinned_IsAcceptedAndAnotherTsasIsNot()
    {
        using var other = new TestTsa(_archive.Workspace, "beta");

        var stamp = _archive.Run("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.TsaPem, "--json");
        var verify = _archive.Run("verify", "--no-record", "--tsa-cert", _tsa.TsaPem);
        var wrong = _archive.Run("verify", "--no-record", "--tsa-cert", other.TsaPem);

        Assert.True(stamp.ExitCode == 0, stamp.ToString());
        Assert.Equal("ok", JsonNode.Parse(stamp.Out)!["status"]!.GetValue<string>());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(wrong.ExitCode == ExitCodes.IntegrityProblem, wrong.ToString());
        Assert.Contains("wrong TSA: the token is signed by CN=alpha test TSA", wrong.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedToken_ExitsIntegrityProblemNamingTheCheckpoint()
    {
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        Sql("UPDATE timestamps SET token = CAST(substr(token, 1, length(token) - 8) || zeroblob(8) AS BLOB)");

        var verify = _archive.Run("verify", "--no-record");

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains($"FAILED     timestamp  time stamp on checkpoint 10 ({_tsa.Url}): the token", verify.Out, StringComparison.Ordinal);
        Assert.Contains("verify: PROBLEMS FOUND", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TokenForAnotherCheckpoint_ExitsIntegrityProblemSayingAnotherHash()
    {
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "after the first stamp")).ExitCode);
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        // The second checkpoint's row now holds the first checkpoint's token.
        Sql("UPDATE timestamps SET token = (SELECT token FROM timestamps ORDER BY id LIMIT 1) WHERE id = (SELECT max(id) FROM timestamps)");

        var verify = _archive.Run("verify", "--no-record", "--json");

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        var stamps = JsonNode.Parse(verify.Out)!["timestamps"]!.AsArray();
        Assert.Equal(["ok", "failed"], stamps.Select(s => s!["status"]!.GetValue<string>()));
        Assert.Contains("time stamp on checkpoint 13 (", stamps[1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("the token is for another hash", stamps[1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TokenDeletedFromTheCatalog_ExitsIntegrityProblemNamingTheEventThatRecordsIt()
    {
        var stamp = _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var export = Path.Combine(_archive.Workspace, "out");
        Assert.Equal(0, _archive.Run("log", "export", export).ExitCode);
        Sql("DELETE FROM timestamps");

        var verify = _archive.Run("verify", "--no-record");
        var trusted = _archive.Run("verify", "--no-record", "--trust", export, "--tsa-cert", _tsa.CaPem);
        var json = _archive.Run("verify", "--no-record", "--json");

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains($"MISSING    timestamp  time stamp on checkpoint 10 ({_tsa.Url}): event 10 records a token (sha256:", verify.Out, StringComparison.Ordinal);
        Assert.Contains($"serial {stamp["serial"]}, by CN=alpha test TSA, stamped {stamp["gen_time"]}), but the catalog holds none", verify.Out, StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == ExitCodes.IntegrityProblem, trusted.ToString());
        Assert.Contains("MISSING    timestamp  time stamp on checkpoint 10", trusted.Out, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.IntegrityProblem, json.ToString());
        var missing = JsonNode.Parse(json.Out)!["timestamps"]!.AsArray().Single()!;
        Assert.Equal(("missing", 10L, "CN=alpha test TSA"), (missing["status"]!.GetValue<string>(), missing["event_index"]!.GetValue<long>(), missing["tsa_subject"]!.GetValue<string>()));
    }

    [Fact]
    public void Verify_AnotherTsasTokenOverTheSameCheckpointSwappedIn_FailsNamingWhatDiffersFromTheEvent()
    {
        using var rogue = new TestTsa(_archive.Workspace, "rogue");
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var (token, genTime, _) = TokenFrom(rogue);
        Sql("UPDATE timestamps SET token = $token, tsa_certs = $certs, gen_time = $time", ("$token", token), ("$certs", File.ReadAllText(rogue.CaPem)), ("$time", genTime));

        var verify = _archive.Run("verify", "--no-record");
        var json = _archive.Run("verify", "--no-record", "--json");

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains($"FAILED     timestamp  time stamp on checkpoint 10 ({_tsa.Url}): the stored token is not the one event 10 records: token sha256:{Convert.ToHexStringLower(SHA256.HashData(token))[..16]}… where the event has sha256:", verify.Out, StringComparison.Ordinal);
        Assert.Contains("; TSA CN=rogue test TSA where the event has CN=alpha test TSA", verify.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("OK         timestamp", verify.Out, StringComparison.Ordinal);
        var failed = JsonNode.Parse(json.Out)!["timestamps"]!.AsArray().Single()!;
        Assert.Equal(("failed", "CN=rogue test TSA"), (failed["status"]!.GetValue<string>(), failed["tsa_subject"]!.GetValue<string>()));
    }

    [Fact]
    public void Verify_ATokenNoEventRecords_ExitsIntegrityProblemUntracked()
    {
        using var rogue = new TestTsa(_archive.Workspace, "rogue");
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var (token, genTime, serial) = TokenFrom(rogue);
        Sql("""
            INSERT INTO timestamps(checkpoint_id, tree_size, root, tsa, gen_time, token, tsa_certs)
            SELECT checkpoint_id, tree_size, root, $url, $time, $token, $certs FROM timestamps
            """, ("$url", rogue.Url.ToString()), ("$time", genTime), ("$token", token), ("$certs", File.ReadAllText(rogue.CaPem)));

        var verify = _archive.Run("verify", "--no-record", "--json");

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        var stamps = JsonNode.Parse(verify.Out)!["timestamps"]!.AsArray();
        Assert.Equal(["ok", "untracked"], stamps.Select(s => s!["status"]!.GetValue<string>()));
        Assert.Null(stamps[1]!["event_index"]);
        Assert.Equal($"time stamp on checkpoint 10 ({rogue.Url}): no timestamped event in the log records this token (sha256:{Convert.ToHexStringLower(SHA256.HashData(token))[..16]}…, serial {serial}, by CN=rogue test TSA, stamped {genTime}): `archive log timestamp` did not store it", stamps[1]!["message"]!.GetValue<string>());
    }

    [Fact]
    public void Export_ATokenNoEventRecordsAddedAfterTheStamp_HandsOutTheRecordedTokenAndItsCertificates()
    {
        using var rogue = new TestTsa(_archive.Workspace, "rogue");
        var stamp = _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var (token, genTime, _) = TokenFrom(rogue);
        Sql("""
            INSERT INTO timestamps(checkpoint_id, tree_size, root, tsa, gen_time, token, tsa_certs)
            SELECT checkpoint_id, tree_size, root, tsa, $time, $token, $certs FROM timestamps
            """, ("$time", genTime), ("$token", token), ("$certs", File.ReadAllText(rogue.CaPem)));
        var export = Path.Combine(_archive.Workspace, "out");

        Assert.Equal(0, _archive.Run("log", "export", export).ExitCode);

        var recorded = _archive.RunJson("log", "--from", "10")[0]!["event"]!["data"]!["token_sha256"]!.GetValue<string>();
        Assert.Equal(10, stamp["checkpoint_size"]!.GetValue<int>());
        Assert.Equal(recorded, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(export, "checkpoint.tst")))));
        Assert.Equal(File.ReadAllText(_tsa.CaPem), File.ReadAllText(Path.Combine(export, "tsa-certs.pem")));
    }

    [Fact]
    public void Brief_TheStampsTokenSwappedForAnotherTsas_ManifestNamesNone()
    {
        using var rogue = new TestTsa(_archive.Workspace, "rogue");
        const string Quote = "forty detainees escaped through a tunnel";
        var report = _archive.WriteInput("report.txt", $"Prison report\n\nOfficials said that {Quote} under the north wall.\n");
        File.WriteAllText(report + ".meta.json", """{"title": "Prison report", "slug": "prison-report"}""");
        Assert.Equal(0, _archive.Run("ingest", report).ExitCode);
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var (token, genTime, _) = TokenFrom(rogue);
        Sql("UPDATE timestamps SET token = $token, tsa = $url, tsa_certs = $certs, gen_time = $time", ("$token", token), ("$url", rogue.Url.ToString()), ("$certs", File.ReadAllText(rogue.CaPem)), ("$time", genTime));
        var brief = _archive.WriteInput("brief.md", $"---\ntitle: Stamped\n---\n\nThe report says [@prison-report \"{Quote}\"].\n");

        var built = _archive.RunJson("brief", brief, "-o", Path.Combine(_archive.Workspace, "out", "swapped.pdf"), "--templates", BriefCommandTests.Templates);

        var manifest = JsonNode.Parse(File.ReadAllText(built["manifest"]!.GetValue<string>()))!.AsObject();
        Assert.True(manifest.ContainsKey("time_stamp"));
        Assert.Null(manifest["time_stamp"]);
    }

    [Fact]
    public void Verify_PinnedOtherTsa_ExitsIntegrityProblemSayingWrongTsa()
    {
        using var other = new TestTsa(_archive.Workspace, "beta");
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);

        var verify = _archive.Run("verify", "--no-record", "--tsa-cert", other.CaPem);

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains("wrong TSA: the token is signed by CN=alpha test TSA, which does not chain to a trusted TSA certificate (CN=beta test CA)", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_TsaNotTheOnePinned_ExitsUsageAndStoresNothing()
    {
        using var other = new TestTsa(_archive.Workspace, "beta");

        var result = _archive.Run("log", "timestamp", "--tsa", other.Url.ToString(), "--tsa-cert", _tsa.CaPem);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("refused the time stamp over checkpoint 10: wrong TSA: the token is signed by CN=beta test TSA", result.Err, StringComparison.Ordinal);
        Assert.Empty(_archive.RunJson("verify", "--no-record")["timestamps"]!.AsArray());
    }

    [Fact]
    public void Timestamp_ExpiredTsaCertificate_ExitsUsageSayingExpired()
    {
        using var expired = new TestTsa(_archive.Workspace, "gamma", expired: true);

        var result = _archive.Run("log", "timestamp", "--tsa", expired.Url.ToString(), "--tsa-cert", expired.CaPem);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.True(result.Err.Contains("the TSA certificate (CN=gamma test TSA, valid", StringComparison.Ordinal), result.Err);
        Assert.Contains("was not valid at the stamped time", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_NoTsaListening_ExitsErrorNamingTheUrl()
    {
        var url = _tsa.Url;
        _tsa.Dispose();

        var result = _archive.Run("log", "timestamp", "--tsa", url.ToString(), "--tsa-cert", _tsa.CaPem);

        Assert.True(result.ExitCode == ExitCodes.Error, result.ToString());
        Assert.StartsWith($"archive: {url}: cannot reach the TSA", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Brief_SourcesCoveredByAStampedCheckpoint_ManifestNamesIt()
    {
        const string Quote = "forty detainees escaped through a tunnel";
        var report = _archive.WriteInput("report.txt", $"Prison report\n\nOfficials said that {Quote} under the north wall.\n");
        File.WriteAllText(report + ".meta.json", """{"title": "Prison report", "slug": "prison-report"}""");
        Assert.Equal(0, _archive.Run("ingest", report).ExitCode);
        var stamp = _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var later = _archive.WriteInput("later.txt", "Later report\n\nA second report, ingested after the stamp.\n");
        File.WriteAllText(later + ".meta.json", """{"title": "Later report", "slug": "later-report"}""");
        Assert.Equal(0, _archive.Run("ingest", later).ExitCode);
        var brief = _archive.WriteInput("brief.md", $"---\ntitle: Stamped\n---\n\nThe report says [@prison-report \"{Quote}\"].\n");

        var built = _archive.RunJson("brief", brief, "-o", Path.Combine(_archive.Workspace, "out", "stamped.pdf"), "--templates", BriefCommandTests.Templates);

        var manifest = JsonNode.Parse(File.ReadAllText(built["manifest"]!.GetValue<string>()))!;
        var named = manifest["time_stamp"]!;
        Assert.Equal(12, stamp["checkpoint_size"]!.GetValue<int>());
        Assert.Equal((12, stamp["checkpoint_root"]!.GetValue<string>(), _tsa.Url.ToString()),
            (named["checkpoint_size"]!.GetValue<int>(), named["checkpoint_root"]!.GetValue<string>(), named["tsa"]!.GetValue<string>()));
        Assert.Equal(stamp["gen_time"]!.GetValue<string>(), named["gen_time"]!.GetValue<string>());
    }

    [Fact]
    public void VerifyPack_StampedPack_ChecksTheTokenAndThatTheCheckpointCoversTheSources()
    {
        var (pdf, stamp) = BuildStampedPack();

        var result = _archive.Run("verify-pack", pdf);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"ok      timestamp  checkpoint 12 time-stamped {stamp["gen_time"]} by CN=alpha test TSA ({_tsa.Url}): the token verifies under the TSA certificates kept with it, and the log's first 12 events rebuild its root and hold every cited source's ingest and text\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_StampedPackWithTheReadersOwnTsaCertificate_ChecksUnderItAndRefusesAnotherTsas()
    {
        var (pdf, _) = BuildStampedPack();
        using var other = new TestTsa(_archive.Workspace, "beta");

        var pinned = _archive.Run("verify-pack", pdf, "--tsa-cert", _tsa.CaPem);
        var wrong = _archive.Run("verify-pack", pdf, "--tsa-cert", other.CaPem);

        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Contains("the token verifies under the pinned TSA certificates", pinned.Out, StringComparison.Ordinal);
        Assert.True(wrong.ExitCode == ExitCodes.IntegrityProblem, wrong.ToString());
        Assert.Contains("FAILED  timestamp  time stamp on checkpoint 12", wrong.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_StampedPackWhoseLogWasEditedBelowTheCheckpoint_FailsTheTimestampCheck()
    {
        var (pdf, _) = BuildStampedPack();
        Sql("UPDATE events SET json = replace(json, '\"agent\":', '\"agent\": ') WHERE idx = 1");

        var result = _archive.Run("verify-pack", pdf);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains("FAILED  timestamp  the log's first 12 events do not hash to the stamped checkpoint's root", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredTimeChangedBeforeThePackWasBuilt_VerifyPackAndVerifyBothSayTheTokenSaysOtherwise()
    {
        var (pdf, stamp) = BuildStampedPack(() => Sql("UPDATE timestamps SET gen_time = '2001-01-01T00:00:00Z'"));

        var pack = _archive.Run("verify-pack", pdf);
        var verify = _archive.Run("verify", "--no-record");

        Assert.True(pack.ExitCode == ExitCodes.IntegrityProblem, pack.ToString());
        Assert.Contains($"the catalog records it as stamped 2001-01-01T00:00:00Z, but the token says {stamp["gen_time"]}", pack.Out, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains($"the catalog records it as stamped 2001-01-01T00:00:00Z, but the token says {stamp["gen_time"]}", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_StampedPackWhoseTokenWasTampered_FailsTheTimestampCheck()
    {
        var (pdf, _) = BuildStampedPack();
        Sql("UPDATE timestamps SET token = CAST(substr(token, 1, length(token) - 8) || zeroblob(8) AS BLOB)");

        var result = _archive.Run("verify-pack", pdf);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"FAILED  timestamp  time stamp on checkpoint 12 ({_tsa.Url}): the token", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_StampedPackWhoseTokenWasDeleted_FailsNamingTheMissingToken()
    {
        var (pdf, _) = BuildStampedPack();
        Sql("DELETE FROM timestamps");

        var result = _archive.Run("verify-pack", pdf);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains("the archive holds no token from that TSA over that checkpoint", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Brief_SourceIngestedAfterEveryStamp_ManifestNamesNone()
    {
        _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        var later = _archive.WriteInput("later.txt", "Later report\n\nA report ingested after the stamp.\n");
        File.WriteAllText(later + ".meta.json", """{"title": "Later report", "slug": "later-report"}""");
        Assert.Equal(0, _archive.Run("ingest", later).ExitCode);
        var brief = _archive.WriteInput("brief.md", "---\ntitle: Unstamped\n---\n\nIt says [@later-report \"ingested after the stamp\"].\n");

        var built = _archive.RunJson("brief", brief, "-o", Path.Combine(_archive.Workspace, "out", "unstamped.pdf"), "--templates", BriefCommandTests.Templates);

        var manifest = JsonNode.Parse(File.ReadAllText(built["manifest"]!.GetValue<string>()))!.AsObject();
        Assert.True(manifest.ContainsKey("time_stamp"));
        Assert.Null(manifest["time_stamp"]);
    }

    /// <summary>A source ingested and time-stamped (checkpoint 12), a later source, and a pack citing the first.</summary>
    private (string Pdf, JsonNode Stamp) BuildStampedPack(Action? afterStamp = null)
    {
        const string Quote = "forty detainees escaped through a tunnel";
        var report = _archive.WriteInput("report.txt", $"Prison report\n\nOfficials said that {Quote} under the north wall.\n");
        File.WriteAllText(report + ".meta.json", """{"title": "Prison report", "slug": "prison-report"}""");
        Assert.Equal(0, _archive.Run("ingest", report).ExitCode);
        var stamp = _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        afterStamp?.Invoke();
        var brief = _archive.WriteInput("brief.md", $"---\ntitle: Stamped\n---\n\nThe report says [@prison-report \"{Quote}\"].\n");
        var pdf = Path.Combine(_archive.Workspace, "out", "stamped.pdf");
        Assert.Equal(0, _archive.Run("brief", brief, "-o", pdf, "--templates", BriefCommandTests.Templates).ExitCode);
        return (pdf, stamp);
    }

    /// <summary>
    /// A token from <paramref name="tsa"/> over the checkpoint the archive's one token stamps (as a TSA answers anyone
    /// who asks), its time as the archive writes times, and its serial.
    /// </summary>
    private (byte[] Token, string GenTime, string Serial) TokenFrom(TestTsa tsa)
    {
        byte[] body;
        using (var connection = Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT c.body FROM checkpoints c JOIN timestamps t ON t.checkpoint_id = c.id";
            body = Encoding.UTF8.GetBytes((string)command.ExecuteScalar()!);
        }

        var request = Rfc3161TimestampRequest.CreateFromData(body, HashAlgorithmName.SHA256, nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);
        using var http = new HttpClient();
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = http.PostAsync(tsa.Url, content).GetAwaiter().GetResult();
        var reply = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        var sequence = new AsnReader(reply, AsnEncodingRules.DER).ReadSequence();
        sequence.ReadSequence();
        var token = sequence.ReadEncodedValue().ToArray();
        Assert.True(Rfc3161TimestampToken.TryDecode(token, out var decoded, out _));
        return (token, decoded.TokenInfo.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), Convert.ToHexStringLower(decoded.TokenInfo.GetSerialNumber().Span));
    }

    private void Sql(string statement, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.Equal(1, command.ExecuteNonQuery());
        SqliteConnection.ClearAllPools();
    }

    private SqliteConnection Open()
    {
        SqliteConnection.ClearAllPools();
        var connection = new SqliteConnection($"Data Source={_archive.Layout.CatalogPath}");
        connection.Open();
        return connection;
    }
}
