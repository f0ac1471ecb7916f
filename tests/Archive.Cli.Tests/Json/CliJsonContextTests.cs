using Archive.Cli.Json;

namespace Archive.Cli.Tests.Json;

/// <summary>The CLI's JSON through <see cref="CliJsonContext"/>: the shape comes from the run-time options, not the generator.</summary>
public sealed class CliJsonContextTests
{
    [Fact]
    public void WriteJson_RecordWithNulls_SnakeCaseNamesAndNullsLeftOut()
    {
        var report = new QuarantineJson(
            DryRun: true,
            MinAgeSeconds: 3600,
            Folder: null,
            Moved: [new QuarantinedFileJson("blobs/sha256/ab/ab12", QuarantinedAs: null, 3, "ab12", "2026-01-02T03:04:05Z")],
            Left: []);

        var written = Write(cli => cli.WriteJson(report));

        Assert.Equal(
            """
            {
              "dry_run": true,
              "min_age_seconds": 3600,
              "moved": [
                {
                  "path": "blobs/sha256/ab/ab12",
                  "size": 3,
                  "sha256": "ab12",
                  "status_changed": "2026-01-02T03:04:05Z"
                }
              ],
              "left": []
            }

            """,
            written);
    }

    [Fact]
    public void WriteJson_TypeNotInContext_ThrowsNotSupported()
    {
        // Refused, rather than written by reflection: the CLI compiled ahead of time could not do that.
        var ex = Assert.Throws<NotSupportedException>(() => Write(cli => cli.WriteJson(new { name = "alice" })));

        Assert.Contains("AnonymousType", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureText_Refusal_ErrorAndExitCodeInSnakeCase()
    {
        var text = CliContext.FailureText("no capture matches 'x'", ExitCodes.NotFound);

        Assert.Equal($"{{\n  \"error\": \"no capture matches 'x'\",\n  \"exit_code\": {ExitCodes.NotFound}\n}}", text.ReplaceLineEndings("\n"));
    }

    private static string Write(Action<CliContext> write)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        using var cli = new CliContext(ArchiveCli.Build().Parse(["list"]), output, error, interactive: false, TimeProvider.System);
        write(cli);
        return output.ToString().ReplaceLineEndings("\n");
    }
}
