using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Briefings;
using Archive.Core.Citations;

namespace Archive.Core.Tests.Briefings;

public sealed class PackBuilderTests(PackFixture fixture) : IClassFixture<PackFixture>
{
    private PackBuilder Builder() => fixture.Archive.PackBuilder(new ChromiumPdfPrinter(), PackFixture.Templates);

    [Fact]
    public void Check_GoldenBrief_MatchesExpectedCitations()
    {
        var check = Builder().Check(PackFixture.Golden("golden-brief.md"));

        Assert.Empty(check.Problems);
        var actual = string.Join("\n", check.Citations.Select(c =>
            string.Create(CultureInfo.InvariantCulture, $"{c.Citation.Number}\t{c.Citation.Line}:{c.Citation.Column}\t{c.Resolution.CaptureId.Short}\t{c.Passage.Start}\t{c.Passage.End}\t{c.Resolution.StatusName}\t{c.Passage.Exact.Replace("\n", "\\n", StringComparison.Ordinal)}"))) + "\n";
        var expected = File.ReadAllText(PackFixture.Golden("golden-brief.expected.tsv"));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Check_AmbiguousAndMissingQuotes_ListsEveryProblemWithLocation()
    {
        var path = fixture.WriteBrief("bad.md", "---\ntitle: Bad\n---\n\nRepeated [@32392592a071 \"Syria security crisis\"].\n\nMissing [@875f02944d14 \"the army said it holds the SDF entirely responsible\"].\n\nUnknown [@no-such-source \"anything\"].\n");

        var check = Builder().Check(path);

        Assert.False(check.IsOk);
        Assert.Equal(3, check.Problems.Count);
        var ambiguous = check.Problems[0];
        Assert.Equal((5, 10), (ambiguous.Line, ambiguous.Column));
        Assert.Equal(PassageStatus.Ambiguous, ambiguous.Resolution!.Status);
        Assert.Equal(23, ambiguous.Resolution.OccurrenceCount);
        Assert.Equal(20, ambiguous.Resolution.Occurrences.Count);
        var missing = check.Problems[1];
        Assert.Equal((7, 9), (missing.Line, missing.Column));
        Assert.Equal(PassageStatus.NotFound, missing.Resolution!.Status);
        Assert.Contains(missing.Resolution.Candidates, c => c.Passage.Exact.Contains("SDF fully responsible", StringComparison.Ordinal));
        var unknown = check.Problems[2];
        Assert.Equal(9, unknown.Line);
        Assert.Contains("unknown source id 'no-such-source'", unknown.Message);
        Assert.StartsWith(path + ":5:10: quote ambiguous", ambiguous.ToString());
    }

    [Fact]
    public void Build_UnsafeLinksAndImages_WarnsWithLocationAndPdfHasOnlyWebAndMailLinks()
    {
        var path = fixture.WriteBrief("links.md",
            "---\ntitle: Links\n---\n\nSafe [site](https://example.org/safe) and [desk](mailto:desk@example.org).\n\n" +
            "Script [x](javascript:alert(1)) and [y](file:///etc/passwd) and <javascript:alert(2)> and [z](notes.html).\n\n" +
            "![chart](chart.png)\n\nQuote [@hasakah-ar \"" + PackFixture.ArabicSentence + "\"].\n");
        var pdf = Path.Combine(fixture.Root, "out", "links.pdf");

        var result = Builder().Build(path, pdf, "tests");

        Assert.True(result.IsBuilt, string.Join("\n", result.Check.Problems));
        string[] expected = ["7:8: link to javascript:alert(1) ", "7:37: link to file:///etc/passwd ", "7:65: link to javascript:alert(2) ", "7:91: link to notes.html ", "9:1: image chart.png "];
        var warnings = result.Check.Warnings.Select(w => $"{w.Line}:{w.Column}: {w.Message}").ToList();
        Assert.Equal(expected.Length, warnings.Count);
        Assert.All(expected.Zip(warnings), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        var qdf = Path.Combine(fixture.Root, "out", "links.qdf.pdf");
        Assert.Equal(0, Tool.Run("qpdf", "--qdf", "--object-streams=disable", pdf, qdf).ExitCode);
        var uris = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(qdf, Encoding.Latin1), @"/URI \((.*?)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("https://example.org/safe", uris);
        Assert.Contains("mailto:desk@example.org", uris);
        Assert.All(uris, u => Assert.Matches("^(https?|mailto):", u));
    }

    [Fact]
    public void Build_WithProblems_RendersNothing()
    {
        var path = fixture.WriteBrief("bad-build.md", "---\ntitle: Bad\n---\n\n[@875f02944d14 \"not in the text at all, anywhere\"]\n");
        var pdf = Path.Combine(fixture.Root, "out", "bad.pdf");

        var result = Builder().Build(path, pdf, "tests");

        Assert.False(result.IsBuilt);
        Assert.Single(result.Check.Problems);
        Assert.False(File.Exists(pdf));
        Assert.False(File.Exists(PackManifest.PathFor(pdf)));
    }

    [Fact]
    public void Check_QuoteStackingCombiningMarks_IsAProblemAtItsPlaceNotMinutesOfWork()
    {
        var path = fixture.WriteBrief("stacked.md", "---\ntitle: T\n---\n\nSaid [@875f02944d14 \"q" + string.Concat(Enumerable.Repeat("\u0323\u0301", 50_000)) + "\"].\n");

        var check = Builder().Check(path);

        var problem = Assert.Single(check.Problems);
        Assert.Equal((5, 6), (problem.Line, problem.Column));
        Assert.Contains("the quote stacks 100,000 combining marks on one character", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MalformedFrontMatter_ReportsLineAndColumn()
    {
        var path = fixture.WriteBrief("yaml.md", "---\ntitle: T\ndate: [2026\n---\n\nText.\n");

        var check = Builder().Check(path);

        // YamlDotNet notices the unclosed '[' of "date: [2026" where the YAML ends: the closing '---' on line 4.
        var problem = Assert.Single(check.Problems);
        Assert.Equal((4, 1), (problem.Line, problem.Column));
        Assert.Contains(":4:1: malformed front matter", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FiveThousandCitations_ResolvesEveryOneAndRendersEveryNote()
    {
        string[] quotes =
        [
            "[@875f02944d14 \"These requests were declined\"]",
            "[@32392592a071 \"Syria security crisis\" #7]",
            "[@ce9b4d43505e \"The initial convoy moved 150 ISIS fighters\"]",
            "[@b959870ba649 \"By early January, the situation became urgent.\"]",
            "[@72257150c52b \"Some sources say ~20 #ISIS detainees escaped.\"]",
        ];
        var brief = new StringBuilder("---\ntitle: Large\n---\n\n");
        for (var i = 0; i < 5000; i++)
        {
            brief.Append("Point ").Append(i).Append(' ').Append(quotes[i % quotes.Length]).Append(i % 10 == 9 ? "\n\n" : " ");
        }

        var path = fixture.WriteBrief("large.md", brief.ToString());
        var builder = Builder();
        var check = builder.Check(path);
        var html = builder.RenderHtml(check, "tests");

        Assert.True(check.IsOk, string.Join("\n", check.Problems.Take(3)));
        Assert.Equal(5000, check.Citations.Count);
        Assert.Contains("id=\"note-5000\"", html);
    }

    [Fact]
    public void RenderHtml_FootnotesAndTaskLists_AreRenderedAndACitationInAFootnoteIsChecked()
    {
        var good = fixture.WriteBrief("footnotes.md", "---\ntitle: Footnotes\n---\n\nThe attack began at night.[^1]\n\n- [x] Date confirmed\n- [ ] Numbers confirmed\n\n[^1]: As reported: [@875f02944d14 \"These requests were declined\"]\n");
        var bad = fixture.WriteBrief("footnote-bad.md", "---\ntitle: Footnotes\n---\n\nText.[^a]\n\n[^a]: [@875f02944d14 \"words the source never wrote\"]\n");
        var builder = Builder();
        var check = builder.Check(good);

        var html = builder.RenderHtml(check, "tests");

        Assert.True(check.IsOk, string.Join("\n", check.Problems.Take(3)));
        Assert.Single(check.Citations);
        Assert.Contains("class=\"footnote-ref\"", html, StringComparison.Ordinal);
        var footnotes = html[html.IndexOf("<div class=\"footnotes\"", StringComparison.Ordinal)..];
        Assert.Contains("<a id=\"ref-1\" href=\"#note-1\">1</a>", footnotes, StringComparison.Ordinal);
        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\" />", html, StringComparison.Ordinal);
        var body = html[html.IndexOf("</style>", StringComparison.Ordinal)..];
        Assert.DoesNotContain("[x]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("[^1]", body, StringComparison.Ordinal);
        Assert.False(builder.Check(bad).IsOk);
    }

    [Fact]
    public void RenderHtml_ArabicAndEnglishBlocks_EachBlockTakesItsOwnDirection()
    {
        var path = fixture.WriteBrief("directions.md", "---\ntitle: Directions\n---\n\n## عنوان عربي\n\nقال المصدر إن الوضع هادئ.\n\n- بند أول\n- An English item\n\n> اقتباس\n\n| عمود | Column |\n|---|---|\n| خلية | cell |\n\nAn English paragraph.\n");
        var builder = Builder();
        var check = builder.Check(path);

        var html = builder.RenderHtml(check, "tests");

        Assert.True(check.IsOk, string.Join("\n", check.Problems.Take(3)));
        Assert.Contains("<h2 dir=\"auto\">عنوان عربي</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<p dir=\"auto\">قال المصدر إن الوضع هادئ.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<li dir=\"auto\">بند أول</li>", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote dir=\"auto\">", html, StringComparison.Ordinal);
        Assert.Contains("<td dir=\"auto\">خلية</td>", html, StringComparison.Ordinal);
        Assert.Contains("<p dir=\"auto\">An English paragraph.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Golden_PdfPassesQpdfCheck()
    {
        var result = Tool.Run("qpdf", "--check", fixture.Pack.PdfPath!);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No syntax or stream encoding errors", result.Output);
    }

    [Fact]
    public void Build_Golden_EveryQuoteIsInThePdfText()
    {
        var raw = Tool.Run("pdftotext", "-enc", "UTF-8", fixture.Pack.PdfPath!, "-").Output;
        var text = Squash(raw);
        var letters = ArabicKey(raw);

        foreach (var c in fixture.Pack.Check.Citations)
        {
            // Right-to-left passages are compared by letters: edge punctuation comes out in visual order.
            if (c.Passage.Exact.Any(ch => ch is >= '\u0600' and <= '\u06FF'))
            {
                Assert.Contains(ArabicKey(c.Passage.Exact), letters);
            }
            else
            {
                Assert.Contains(Squash(c.Passage.Exact), text);
            }
        }
    }

    [Fact]
    public void Build_Golden_HeaderAndFooterOnEveryPage()
    {
        var pack = fixture.Pack;
        var pages = int.Parse(Tool.Run("pdfinfo", pack.PdfPath!).Output.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), CultureInfo.InvariantCulture);
        Assert.True(pages >= 4);
        for (var page = 1; page <= pages; page++)
        {
            var n = page.ToString(CultureInfo.InvariantCulture);
            var text = Tool.Run("pdftotext", "-enc", "UTF-8", "-f", n, "-l", n, pack.PdfPath!, "-").Output;
            Assert.Contains("Golden brief", text);
            Assert.Contains(pack.PackId + "-" + page.ToString("D4", CultureInfo.InvariantCulture), text);
            Assert.Contains($"page {page} of {pages}", text);
            Assert.Contains("TEST", text);
        }
    }

    [Fact]
    public void Build_Golden_MetadataManifestSignatureAndCatalog()
    {
        var pack = fixture.Pack;
        var info = Tool.Run("pdfinfo", pack.PdfPath!).Output;
        Assert.Contains("Title:           Golden brief", info);
        Assert.Contains("Author:          Test", info);
        Assert.Contains("Subject:         " + pack.PackId, info);

        var manifest = JsonNode.Parse(File.ReadAllText(pack.ManifestPath!))!.AsObject();
        Assert.Equal(pack.PackId, manifest["pack_id"]!.GetValue<string>());
        Assert.Equal(pack.PdfSha256, manifest["pdf"]!["sha256"]!.GetValue<string>());
        Assert.Equal(pack.Check.Citations.Count, manifest["citations"]!.AsArray().Count);
        Assert.Equal("pack-" + PackManifest.BodyDigest(manifest)[..12], pack.PackId);

        var openssl = Tool.Run("openssl", "dgst", "-sha256", "-verify", fixture.Archive.Layout.PublicKeyPath, "-signature", pack.SignaturePath!, pack.ManifestPath!);
        Assert.Contains("Verified OK", openssl.Output);

        using var connection = fixture.Archive.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events WHERE type = 'cited-in-pack' AND json LIKE $id";
        command.Parameters.AddWithValue("$id", "%" + pack.PackId + "%");
        Assert.Equal((long)pack.Check.Sources.Count, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public void Build_ArabicQuote_RoundTripsThroughPdftotext()
    {
        var text = ArabicKey(Tool.Run("pdftotext", "-enc", "UTF-8", fixture.Pack.PdfPath!, "-").Output);

        Assert.Contains(ArabicKey(PackFixture.ArabicSentence), text);
    }

    [Fact]
    public void VerifyPack_Untouched_IsOk()
    {
        var report = fixture.Archive.PackVerifier.Verify(fixture.Pack.PdfPath!);

        Assert.True(report.IsOk, string.Join("\n", report.Checks.Where(c => !c.Ok).Select(c => c.Detail).Concat(report.Citations.SelectMany(c => c.Problems))));
        Assert.Equal(fixture.Pack.Check.Citations.Count, report.Citations.Count);
        Assert.All(report.Citations, c => Assert.True(c.InPdf));
    }

    [Fact]
    public void VerifyPack_ManifestEdited_FailsSignature()
    {
        var copy = Path.Combine(fixture.Root, "edited");
        Directory.CreateDirectory(copy);
        var pdf = Path.Combine(copy, Path.GetFileName(fixture.Pack.PdfPath!));
        File.Copy(fixture.Pack.PdfPath!, pdf, overwrite: true);
        File.Copy(fixture.Pack.SignaturePath!, PackManifest.SignaturePathFor(PackManifest.PathFor(pdf)), overwrite: true);
        File.WriteAllText(PackManifest.PathFor(pdf), File.ReadAllText(fixture.Pack.ManifestPath!).Replace("Golden brief", "Golden brieF", StringComparison.Ordinal));

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.False(report.IsOk);
        Assert.False(report.Checks.Single(c => c.Name == "signature").Ok);
        Assert.False(report.Checks.Single(c => c.Name == "body").Ok);
    }

    [Fact]
    public void Build_Golden_PdfListsManifestAndSignatureAsAttachments()
    {
        var result = Tool.Run("qpdf", "--list-attachments", fixture.Pack.PdfPath!);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(PackManifest.EmbeddedName + " ->", result.Output);
        Assert.Contains(PackManifest.EmbeddedSignatureName + " ->", result.Output);
    }

    [Fact]
    public void VerifyPack_PdfAloneInAnEmptyFolder_IsOkWithTheEmbeddedManifest()
    {
        var pdf = Alone("alone");

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.True(report.IsOk, string.Join("\n", report.Checks.Where(c => !c.Ok).Select(c => c.Detail).Concat(report.Citations.SelectMany(c => c.Problems))));
        Assert.Contains("embedded", report.Checks.Single(c => c.Name == "manifest").Detail, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(pdf)!));
    }

    [Fact]
    public void VerifyPack_ManifestBeside_SaysItUsesTheOneBeside()
    {
        var report = fixture.Archive.PackVerifier.Verify(fixture.Pack.PdfPath!);

        Assert.Contains("beside", report.Checks.Single(c => c.Name == "manifest").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_EmbeddedManifestByteRewritten_FailsSignature()
    {
        var pdf = Alone("embedded-edit");
        var bytes = File.ReadAllBytes(pdf);
        var signed = checked((int)JsonNode.Parse(File.ReadAllBytes(fixture.Pack.ManifestPath!))!["pdf"]!["bytes"]!.GetValue<long>());
        var title = Encoding.UTF8.GetBytes("Golden brief");
        var at = signed + bytes.AsSpan(signed).IndexOf(title);
        Assert.True(at > signed);
        bytes[at + title.Length - 1] = (byte)'F';
        File.WriteAllBytes(pdf, bytes);

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.False(report.IsOk);
        Assert.False(report.Checks.Single(c => c.Name == "signature").Ok);
        Assert.True(report.Checks.Single(c => c.Name == "pdf").Ok);
    }

    [Fact]
    public void VerifyPack_ByteOfThePrintedPartChanged_FailsPdfCheck()
    {
        var pdf = Alone("printed-edit");
        var bytes = File.ReadAllBytes(pdf);
        bytes[bytes.Length / 3] ^= 0x01;
        File.WriteAllBytes(pdf, bytes);

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.False(report.IsOk);
        Assert.True(report.Checks.Single(c => c.Name == "signature").Ok);
        Assert.False(report.Checks.Single(c => c.Name == "pdf").Ok);
    }

    [Fact]
    public void VerifyPack_AnotherUpdateAppendedAfterTheAttachments_FailsPdfCheck()
    {
        var pdf = Alone("appended");
        File.AppendAllText(pdf, "1 0 obj\n<</Title (Other)>>\nendobj\n");

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.False(report.Checks.Single(c => c.Name == "pdf").Ok);
    }

    [Fact]
    public void OutsideCheck_QpdfOpensslAndPrefixHash_Pass()
    {
        var pdf = Alone("outside");
        var script = """
            set -eu
            cd "$(dirname "$1")"
            qpdf --show-attachment=manifest.json "$1" > m.json
            qpdf --show-attachment=manifest.json.sig "$1" > m.json.sig
            openssl dgst -sha256 -verify "$2" -signature m.json.sig m.json
            actual="sha256:$(head -c "$(jq .pdf.bytes m.json)" "$1" | sha256sum | cut -d' ' -f1)"
            test "$actual" = "$(jq -r .pdf.sha256 m.json)" && echo "prefix OK"
            """;

        var result = Tool.Run("sh", "-c", script, "sh", pdf, fixture.Archive.Layout.PublicKeyPath);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Verified OK", result.Output);
        Assert.Contains("prefix OK", result.Output);
        Assert.Equal(File.ReadAllBytes(fixture.Pack.ManifestPath!), File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(pdf)!, "m.json")));
    }

    /// <summary>A writable copy of the golden pack's PDF, alone in a fresh folder.</summary>
    private string Alone(string folder)
    {
        var directory = Path.Combine(fixture.Root, folder);
        Directory.CreateDirectory(directory);
        var pdf = Path.Combine(directory, Path.GetFileName(fixture.Pack.PdfPath!));
        File.WriteAllBytes(pdf, File.ReadAllBytes(fixture.Pack.PdfPath!));
        return pdf;
    }

    private static string Squash(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                builder.Append(FoldedText.Fold(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Arabic compared letter by letter: NFKC (presentation forms back to letters), then letters and digits only. Marks
    /// go (pdftotext may put a shadda before its letter), and so does punctuation (an RTL run's final period is
    /// extracted in visual order).
    /// </summary>
    private static string ArabicKey(string text) =>
        new(text.Normalize(NormalizationForm.FormKC).Where(char.IsLetterOrDigit).ToArray());
}
