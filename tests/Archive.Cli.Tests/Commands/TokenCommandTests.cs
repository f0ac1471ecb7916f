namespace Archive.Cli.Tests.Commands;

public sealed class TokenCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Token_CreateListRevokeWithJson_ShowsTheTokenOnceAndRevokesIt()
    {
        var created = _archive.RunJson("token", "create", "--role", "auditor", "--name", "carol");
        Assert.Equal(("carol", "auditor"), (created["name"]!.GetValue<string>(), created["role"]!.GetValue<string>()));
        var secret = created["token"]!.GetValue<string>();
        Assert.True(secret.Length >= 32, secret);

        var listed = Assert.Single(_archive.RunJson("token", "list").AsArray())!;
        Assert.Equal("carol", listed["name"]!.GetValue<string>());
        Assert.Null(listed["revoked_at"]);
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);

        var revoked = _archive.RunJson("token", "revoke", "carol");
        Assert.Equal(("carol", "auditor"), (revoked["name"]!.GetValue<string>(), revoked["role"]!.GetValue<string>()));
        Assert.NotNull(revoked["revoked_at"]);

        var after = Assert.Single(_archive.RunJson("token", "list").AsArray())!;
        Assert.Equal(revoked["revoked_at"]!.GetValue<string>(), after["revoked_at"]!.GetValue<string>());
    }

    [Fact]
    public void Token_RevokeUnknownName_ExitsNotFoundWithTheRefusalAsJson()
    {
        var result = _archive.Run("token", "revoke", "nobody", "--json");

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        Assert.StartsWith("archive: no live token named", result.Err, StringComparison.Ordinal);
        // A script that asked for JSON reads the refusal from stdout too.
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.StartsWith("no live token named", json["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, json["exit_code"]!.GetValue<int>());
    }

    [Fact]
    public void Token_CreateTwiceWithOneName_ExitsUsage()
    {
        Assert.Equal(0, _archive.Run("token", "create", "--role", "reader", "--name", "dave").ExitCode);

        var result = _archive.Run("token", "create", "--role", "admin", "--name", "dave");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public void Token_ListWithoutJson_PrintsOneLinePerToken()
    {
        _archive.Run("token", "create", "--role", "reader", "--name", "erin");
        _archive.Run("token", "create", "--role", "author", "--name", "frank");
        _archive.Run("token", "revoke", "erin");

        var lines = _archive.Run("token", "list").Out.TrimEnd('\n').Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^erin\s+reader\s+created \S+  REVOKED \S+$", lines[0]);
        Assert.Matches(@"^frank\s+author\s+created \S+$", lines[1]);
    }
}
