using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

public sealed class BriefCommandTests : IDisposable
{
    private const string Quote = "forty detainees escaped through a tunnel";

    private readonly TempArchive _archive = new();
    private readonly string _slug;

    public BriefCommandTests()
    {
        var report = _archive.WriteInput("report.txt", $"Prison report\n\nOfficials said on Monday that {Quote} under the north wall.\nA search continues.\n");
        File.WriteAllText(report + ".meta.json", """{"title": "Prison report", "slug": "prison-report", "source_type": "article", "language": "en"}""");
        Assert.Equal(0, _archive.Run("ingest", report).ExitCode);
        _slug = "prison-report";
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Brief_SmallBrief_BuildsASignedPdfThatQpdfAcceptsAndHoldsTheQuote()
    {
        var pdf = Path.Combine(_archive.Workspace, "out", "small.pdf");

        var result = _archive.RunJson("brief", WriteBrief($"[@{_slug} \"{Quote}\"]"), "-o", pdf, "--templates", Templates);

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(pdf, result["pdf"]!.GetValue<string>());
        var citation = Assert.Single(result["citations"]!.AsArray())!;
        Assert.Equal(Quote, citation["exact"]!.GetValue<string>());
        Assert.Equal(0, Tool("qpdf", "--check", pdf).ExitCode);
        var text = Tool("pdftotext", "-layout", pdf, "-").Output;
        Assert.Contains("Small brief", text, StringComparison.Ordinal);
        Assert.Contains(Quote, string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        var manifest = result["manifest"]!.GetValue<string>();
        var signature = Tool("openssl", "dgst", "-sha256", "-verify", Path.Combine(_archive.Root, "keys", "public.pem"), "-signature", result["signature"]!.GetValue<string>(), manifest);
        Assert.True(signature.ExitCode == 0, signature.Output);
        // The manifest covers the PDF as printed: its first pdf.bytes bytes; the embedded manifest and signature follow.
        var recorded = JsonNode.Parse(File.ReadAllText(manifest))!["pdf"]!;
        var printed = File.ReadAllBytes(pdf).AsSpan(0, checked((int)recorded["bytes"]!.GetValue<long>()));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(printed)), recorded["sha256"]!.GetValue<string>());
    }

    [Fact]
    public void Brief_OutputIsTheBriefItselfOrAFolder_ExitsUsageAndKeepsTheBrief()
    {
        var brief = WriteBrief($"[@{_slug} \"{Quote}\"]");
        var content = File.ReadAllText(brief);

        var itself = _archive.Run("brief", brief, "-o", brief, "--templates", Templates);
        var folder = _archive.Run("brief", brief, "-o", Path.GetDirectoryName(brief)!, "--templates", Templates);

        Assert.True(itself.ExitCode == ExitCodes.Usage, itself.ToString());
        Assert.Contains($"{brief} is the brief itself", itself.Err, StringComparison.Ordinal);
        Assert.True(folder.ExitCode == ExitCodes.Usage, folder.ToString());
        Assert.Contains("is a folder, not a file", folder.Err, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(brief));
    }

    [Fact]
    public void Brief_OutputNotNamedPdf_ExitsUsageAndWritesNothing()
    {
        var brief = WriteBrief($"[@{_slug} \"{Quote}\"]");
        var output = Path.Combine(_archive.Workspace, "out", "pack.txt");

        var result = _archive.Run("brief", brief, "-o", output, "--templates", Templates);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains($"--output {output}: name the pack's file with .pdf", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_archive.Workspace, "out")));
    }

    [Fact]
    public void Brief_QuoteWithAWordLongerThanTheLine_WrapsItAndThePackVerifies()
    {
        var token = "https://example.org/" + string.Concat(Enumerable.Repeat("verylongpathsegment", 16)) + "?q=" + new string('x', 60);
        var quote = $"The leaked file was at {token} and then removed";
        var source = _archive.WriteInput("long.txt", $"Leak\n\n{quote}.\n");
        File.WriteAllText(source + ".meta.json", """{"title": "Leak", "slug": "leak", "language": "en"}""");
        Assert.Equal(0, _archive.Run("ingest", source).ExitCode);
        var pdf = Path.Combine(_archive.Workspace, "out", "long.pdf");

        var built = _archive.Run("brief", WriteBrief($"[@leak \"{quote}\"]"), "-o", pdf, "--templates", Templates);
        var verified = _archive.Run("verify-pack", pdf);

        Assert.True(built.ExitCode == 0, built.ToString());
        Assert.True(verified.ExitCode == 0, verified.ToString());
        // Printed whole, wrapped: every line of the page's text fits, and the end of the word is there.
        Assert.Contains(new string('x', 60) + " and then removed", Tool("pdftotext", pdf, "-").Output.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Brief_QuoteWithACharacterNoFontPrints_ExitsCitationProblemsNamingItAndWritesNoPack()
    {
        var source = _archive.WriteInput("mark.txt", "Marks\n\nThe mark \uE000 was private.\n");
        File.WriteAllText(source + ".meta.json", """{"title": "Marks", "slug": "marks", "language": "en"}""");
        Assert.Equal(0, _archive.Run("ingest", source).ExitCode);
        var pdf = Path.Combine(_archive.Workspace, "out", "mark.pdf");
        var brief = WriteBrief("[@marks \"The mark \uE000 was private\"]");

        var check = _archive.Run("brief", "check", brief);
        var result = _archive.Run("brief", brief, "-o", pdf, "--templates", Templates);

        // The check warns before anything is printed: no installed font draws the character.
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains($"{brief}:6:35: warning: U+E000 \uE000: no installed font draws it, so the pack prints it as empty boxes", check.Out + check.Err, StringComparison.Ordinal);

        Assert.True(result.ExitCode == ExitCodes.CitationProblems, result.ToString());
        Assert.Contains($"{brief}:6:17: [1] the printed pack does not give this quote back (pdftotext), so verify-pack would fail it: U+E000", result.Out + result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(pdf));
        Assert.False(File.Exists(Path.ChangeExtension(pdf, ".manifest.json")));
    }

    [Fact]
    public void BriefCheck_OccurrenceZero_OneProblemAtItsPlace()
    {
        var result = _archive.Run("brief", "check", WriteBrief($"[@{_slug} \"{Quote}\" #0]"));

        Assert.True(result.ExitCode == ExitCodes.CitationProblems, result.ToString());
        Assert.Single((result.Out + result.Err).Split('\n'), line => line.Contains("occurrence #0 is not valid", StringComparison.Ordinal));
    }

    [Fact]
    public void Brief_QuoteNotInTheArchive_ExitsCitationProblemsAndRendersNothing()
    {
        var pdf = Path.Combine(_archive.Workspace, "out", "bad.pdf");
        var brief = WriteBrief($"[@{_slug} \"fifty detainees escaped by helicopter\"]");

        var result = _archive.Run("brief", brief, "-o", pdf, "--templates", Templates);

        Assert.True(result.ExitCode == ExitCodes.CitationProblems, result.ToString());
        Assert.Contains($"{brief}:6:17: quote not found", result.Out + result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public void Brief_FromSearch_WritesTheReadingBriefBesideThePdfAndBuildsIt()
    {
        var pdf = Path.Combine(_archive.Workspace, "out", "reading.pdf");

        var result = _archive.RunJson("brief", "--from-search", "tunnel", "--title", "Tunnel escapes", "-o", pdf, "--templates", Templates);

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        var brief = Path.Combine(_archive.Workspace, "out", "reading.brief.md");
        Assert.True(File.Exists(brief));
        var markdown = File.ReadAllText(brief);
        Assert.StartsWith("---\ntitle: \"Tunnel escapes\"\n", markdown, StringComparison.Ordinal);
        Assert.Contains($"[@{_slug} ", markdown, StringComparison.Ordinal);
        var citation = Assert.Single(result["citations"]!.AsArray())!;
        Assert.Contains("tunnel", citation["exact"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, Tool("qpdf", "--check", pdf).ExitCode);
    }

    [Fact]
    public void Brief_FromSearchWithSyntaxError_ExitsUsageNamingTheColumn()
    {
        var result = _archive.Run("brief", "--from-search", "tunnel AND (", "--title", "Broken", "--templates", Templates);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("archive: query:13: ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Brief_FromSearchMatchingNothing_ExitsNotFoundAndBuildsNothing()
    {
        var pdf = Path.Combine(_archive.Workspace, "out", "empty.pdf");

        var result = _archive.Run("brief", "--from-search", "zeppelin", "--title", "Nothing", "-o", pdf, "--templates", Templates);

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        Assert.Contains("no passages match zeppelin", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public void BriefCheck_QuoteOccurringAThousandTimes_ListsTwentyAndCountsAll()
    {
        var many = _archive.WriteInput("many.txt", "Chorus\n\n" + string.Concat(Enumerable.Repeat("la ", 1000)) + "\n");
        File.WriteAllText(many + ".meta.json", """{"slug": "chorus"}""");
        Assert.Equal(0, _archive.Run("ingest", many).ExitCode);
        var brief = WriteBrief("[@chorus \"la\"]");

        var json = _archive.Run("brief", "check", brief, "--json");
        var text = _archive.Run("brief", "check", brief);

        var problem = Assert.Single(JsonNode.Parse(json.Out)!["problems"]!.AsArray())!;
        Assert.Equal(1000, problem["occurrence_count"]!.GetValue<int>());
        Assert.Equal(20, problem["occurrences"]!.AsArray().Count);
        Assert.Equal(ExitCodes.CitationProblems, text.ExitCode);
        Assert.Equal(20, text.ErrLines.Count(l => l.StartsWith("    occurrence #", StringComparison.Ordinal)));
        Assert.Contains("    … and 980 more (1000 in all)", text.ErrLines);
    }

    [Fact]
    public void BriefCheck_SmallBrief_ResolvesWithoutRendering()
    {
        var result = _archive.RunJson("brief", "check", WriteBrief($"[@{_slug} \"{Quote}\"]"));

        Assert.True(result["ok"]!.GetValue<bool>());
        Assert.Single(result["citations"]!.AsArray());
        Assert.False(Directory.Exists(Path.Combine(_archive.Root, "packs")) && Directory.EnumerateFiles(Path.Combine(_archive.Root, "packs"), "*.pdf").Any());
    }

    internal static string Templates => Path.Combine(TempArchive.RepositoryRoot, "templates");

    private string WriteBrief(string citation) => _archive.WriteInput("small.md", $"""
        ---
        title: Small brief
        author: Tests
        ---

        The report says {citation}.

        """);

    internal static (int ExitCode, string Output) Tool(string program, params string[] args)
    {
        using var process = TempArchive.StartProcess(program, args);
        var result = TempArchive.Finish(process);
        return (result.ExitCode, result.Out + result.Err);
    }
}
