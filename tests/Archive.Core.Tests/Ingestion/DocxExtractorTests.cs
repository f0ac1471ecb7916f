using System.IO.Compression;
using Archive.Core.Ingestion;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Archive.Core.Tests.Ingestion;

using Text = DocumentFormat.OpenXml.Wordprocessing.Text;

public sealed class DocxExtractorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly DocxExtractor _extractor = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Extract_ParagraphsAndTable_OneLinePerParagraphAndRow()
    {
        var path = CreateDocx(
            new Paragraph(new Run(new Text("First paragraph."))),
            new Paragraph(
                new Run(new Text("Name")),
                new Run(new TabChar(), new Text("value")),
                new Run(new Break(), new Text("after break"))),
            new Table(
                new TableRow(Cell("r1c1"), Cell("r1c2")),
                new TableRow(Cell("r2c1"), Cell("r2c2"))),
            new Paragraph(new Run(new Text("Last ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text("line."))));

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Equal("First paragraph.\nName\tvalue\nafter break\nr1c1\tr1c2\nr2c1\tr2c2\nLast line.", doc.Text);
        Assert.Empty(doc.PageStarts);
    }

    [Fact]
    public void Extract_TrackedDeletionAndFieldCode_Skipped()
    {
        var path = CreateDocx(new Paragraph(
            new Run(new Text("kept ") { Space = SpaceProcessingModeValues.Preserve }),
            new DeletedRun(new Run(new DeletedText("removed"))) { Id = "1", Author = "x" },
            new InsertedRun(new Run(new Text("inserted"))) { Id = "2", Author = "x" },
            new Run(new FieldCode(" PAGE ")),
            new Run(new Text(" end") { Space = SpaceProcessingModeValues.Preserve })));

        Assert.Equal("kept inserted end", _extractor.Extract(path, null, CancellationToken.None).Text);
    }

    [Fact]
    public void Extract_Footnote_AppendedAfterBodyWithoutSeparators()
    {
        var path = CreateDocxWithParts(
            main =>
            {
                var notes = main.AddNewPart<FootnotesPart>();
                notes.Footnotes = new Footnotes(
                    new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                    new Footnote(new Paragraph(
                        new Run(new FootnoteReferenceMark()),
                        new Run(new Text(" Source: interview.") { Space = SpaceProcessingModeValues.Preserve }))) { Id = 1 });
            },
            new Paragraph(new Run(new Text("Body claim.")), new Run(new FootnoteReference { Id = 1 })));

        Assert.Equal("Body claim.\n\nSource: interview.", _extractor.Extract(path, null, CancellationToken.None).Text);
    }

    [Fact]
    public void Extract_CoreProperties_MapsMetadata()
    {
        var path = CreateDocx(
            document =>
            {
                document.PackageProperties.Title = "Hasakah briefing";
                document.PackageProperties.Creator = "Jane Doe";
                document.PackageProperties.Created = new DateTime(2022, 1, 20, 10, 30, 0, DateTimeKind.Utc);
                document.PackageProperties.Language = "en-US";
            },
            new Paragraph(new Run(new Text("x"))));

        var metadata = _extractor.Extract(path, null, CancellationToken.None).Metadata;

        Assert.Equal("Hasakah briefing", metadata["title"]);
        Assert.Equal("Jane Doe", metadata["authors"]);
        Assert.Equal("2022-01-20T10:30:00Z", metadata["created"]);
        Assert.False(metadata.ContainsKey("published"));
        Assert.Equal("en", metadata["language"]);
    }

    [Fact]
    public void Extract_DecomposedText_ReturnsNfc()
    {
        var path = CreateDocx(new Paragraph(new Run(new Text("Cafe\u0301"))));

        Assert.Equal("Caf\u00e9", _extractor.Extract(path, null, CancellationToken.None).Text);
    }

    [Fact]
    public void Extract_AnyDocument_ReportsSdkVersion()
    {
        var info = _extractor.Extract(CreateDocx(new Paragraph()), null, CancellationToken.None).Extractor;

        Assert.Equal("openxml-docx", info.Name);
        Assert.Matches(@"^2\.20\.", info.Version);
        // Written out in full: these settings are recorded in every capture's provenance, so a change must be deliberate.
        Assert.Equal(
            "body;paragraph=line;tab=tab;br=newline;cells=tab;rows=line;cell-paragraphs=newline;textboxes=inline;"
                + "deleted-text=skipped;field-codes=skipped;notes=appended;nfc;lf",
            info.Settings);
    }

    [Fact]
    public void Extract_ZipWithoutWordDocument_ThrowsUnreadable()
    {
        var path = Path.Combine(_dir.Path, "archive.docx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a word document");
        }

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.Equal("DOCX has no word/document.xml", ex.Message);
    }

    [Fact]
    public void Extract_MainPartOutsideThePackage_ThrowsUnreadable()
    {
        var path = CreateDocx(new Paragraph(new Run(new Text("Body claim."))));
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("_rels/.rels")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("_rels/.rels").Open());
            writer.Write("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="http://example.com/x" TargetMode="External"/></Relationships>""");
        }

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.StartsWith("not a valid DOCX: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_GarbageAfterZipHeader_ThrowsUnreadable()
    {
        var path = _dir.Write("broken.docx", "PK\u0003\u0004 this is not really a zip archive");

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.StartsWith("not a valid DOCX: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Extract_ContentTypesNameAMissingPart_KeepsTheTextOrRejectsTheFileButNeverFailsTheBatch()
    {
        var path = CreateDocx(document => document.PackageProperties.Title = "Kept title", new Paragraph(new Run(new Text("Body text survives."))));
        RewriteCoreProperties(path, null);

        var extracted = Record.Exception(() => _extractor.Extract(path, null, CancellationToken.None)) switch
        {
            null => _extractor.Extract(path, null, CancellationToken.None),
            ArchiveException { Kind: ArchiveErrorKind.Unreadable } => null,
            var other => throw new Xunit.Sdk.XunitException($"a damaged package must be read or rejected, not fail with {other}"),
        };

        if (extracted is not null)
        {
            Assert.Equal("Body text survives.", extracted.Text.TrimEnd('\n'));
            Assert.False(extracted.Metadata.ContainsKey("title"));
        }
    }

    [Fact]
    public void Extract_EmptyCreatedDate_KeepsTheTextWithoutTheDate()
    {
        var path = CreateDocx(document =>
        {
            document.PackageProperties.Title = "Dated";
            document.PackageProperties.Created = new DateTime(2024, 2, 15, 0, 0, 0, DateTimeKind.Utc);
        }, new Paragraph(new Run(new Text("A note with a broken date."))));
        RewriteCoreProperties(path, xml => System.Text.RegularExpressions.Regex.Replace(
            xml, "(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", "$1$2"));

        var extracted = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Equal("A note with a broken date.", extracted.Text.TrimEnd('\n'));
        Assert.False(extracted.Metadata.ContainsKey("created"));
    }

    [Fact]
    public void Extract_PartUnpackingPastTheLimit_ThrowsUnreadableNamingThePart()
    {
        var path = CreateDocx(new Paragraph(new Run(new Text("Small body."))));
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            using var stream = zip.CreateEntry("word/media/filler.bin", CompressionLevel.Fastest).Open();
            var zeros = new byte[1 << 20];
            for (var written = 0L; written <= DocxExtractor.MaxPartBytes; written += zeros.Length)
            {
                stream.Write(zeros);
            }
        }

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.Contains("word/media/filler.bin", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_PartThatUnpacksPastItsDeclaredSize_IsReadOnlyToThatSizeAndRejected()
    {
        // A bomb that lies: the zip directory says word/document.xml unpacks to 1,000 bytes, its data unpacks to 8 MB.
        // The size check above trusts the directory, so the reader must not unpack past it either.
        var path = CreateDocx(new Paragraph(new Run(new Text(new string('a', 8 << 20)))));
        DeclareUnpackedSize(path, "word/document.xml", 1000);

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.StartsWith("not a valid DOCX", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes <paramref name="size"/> as the unpacked size of the entry <paramref name="name"/>, in the central directory and its local header.</summary>
    private static void DeclareUnpackedSize(string path, string name, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var wanted = System.Text.Encoding.UTF8.GetBytes(name);
        var found = false;
        for (var at = 0; at + 46 <= bytes.Length; at++)
        {
            if (BitConverter.ToUInt32(bytes, at) != 0x02014b50 || !bytes.AsSpan(at + 46, BitConverter.ToUInt16(bytes, at + 28)).SequenceEqual(wanted))
            {
                continue;
            }

            BitConverter.GetBytes(size).CopyTo(bytes, at + 24);
            var local = (int)BitConverter.ToUInt32(bytes, at + 42);
            if (BitConverter.ToUInt32(bytes, local + 22) != 0)
            {
                BitConverter.GetBytes(size).CopyTo(bytes, local + 22);
            }

            found = true;
        }

        Assert.True(found, $"{name} is not in the zip directory");
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// Replaces the text of the package's core properties through <paramref name="change"/>, or removes them when it is
    /// null (the content types still name the part). The SDK writes them as docProps/core.xml or under package/services.
    /// </summary>
    private static void RewriteCoreProperties(string path, Func<string, string>? change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => e.FullName == "docProps/core.xml" || e.FullName.EndsWith(".psmdcp", StringComparison.Ordinal));
        var name = entry.FullName;
        string text;
        using (var reader = new StreamReader(entry.Open()))
        {
            text = reader.ReadToEnd();
        }

        entry.Delete();
        if (change is not null)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(change(text));
        }
    }

    [Fact]
    public void Sniff_ZipHeader_ReturnsTrue()
    {
        Assert.True(_extractor.Sniff("PK\u0003\u0004rest"u8));
    }

    [Fact]
    public void Sniff_Text_ReturnsFalse()
    {
        Assert.False(_extractor.Sniff("PK is not enough"u8));
    }

    private static TableCell Cell(string text) => new(new Paragraph(new Run(new Text(text))));

    private string CreateDocx(params OpenXmlElement[] blocks) => CreateDocx((Action<WordprocessingDocument>?)null, blocks);

    private string CreateDocxWithParts(Action<MainDocumentPart> addParts, params OpenXmlElement[] blocks) =>
        CreateDocx(document => addParts(document.MainDocumentPart!), blocks);

    private string CreateDocx(Action<WordprocessingDocument>? configure, params OpenXmlElement[] blocks)
    {
        var path = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".docx");
        using (var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(blocks));
            configure?.Invoke(document);
            main.Document.Save();
        }

        return path;
    }
}
