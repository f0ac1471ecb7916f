using Archive.Core.Metadata;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Archive.Core.Ingestion;

/// <summary>
/// Word documents through the Open XML SDK: the main body, one line per paragraph, tables as tab-separated rows,
/// then footnotes and endnotes after a blank line. Metadata comes from the package's core properties.
/// </summary>
internal sealed class DocxExtractor : IExtractor
{
    public const string Name = "openxml-docx";

    /// <summary>Describes the rules below for <see cref="ExtractorInfo.Settings"/>; change it whenever the output would change.</summary>
    public const string Settings =
        "body;paragraph=line;tab=tab;br=newline;cells=tab;rows=line;cell-paragraphs=newline;textboxes=inline;"
        + "deleted-text=skipped;field-codes=skipped;notes=appended;nfc;lf";

    /// <summary>The Open XML SDK version without build metadata.</summary>
    public static readonly string SdkVersion = LibraryVersion.Of(typeof(WordprocessingDocument));

    public string MediaType => "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>True for a zip local-file header, <c>PK\x03\x04</c>; the package structure is checked by <see cref="Extract"/>.</summary>
    public bool Sniff(ReadOnlySpan<byte> head) => head.StartsWith("PK\x03\x04"u8);

    public ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            RefuseOversizedParts(path);
            using var document = WordprocessingDocument.Open(path, false);
            var main = document.MainDocumentPart ?? throw new ArchiveException(ArchiveErrorKind.Unreadable, "DOCX has no word/document.xml");
            var lines = new List<string>();
            if (main.Document?.Body is { } body)
            {
                AppendBlocks(body, lines, cancellationToken);
            }

            var notes = new List<string>();
            foreach (var note in NoteElements(main))
            {
                var start = notes.Count;
                AppendBlocks(note, notes, cancellationToken);
                if (notes.Count > start)
                {
                    // The note's number is a reference mark Word draws; the space typed after it is not content.
                    notes[start] = notes[start].TrimStart(' ', '\t');
                }
            }

            if (notes.Count > 0)
            {
                lines.Add(string.Empty);
                lines.AddRange(notes);
            }

            var text = CanonicalText.Canonicalize(string.Join('\n', lines));
            return new ExtractedDocument(text, [], ReadMetadata(document), new ExtractorInfo(Name, SdkVersion, Settings));
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or InvalidOperationException or ArgumentException)
        {
            // InvalidOperationException: the SDK's word for a package whose content types name a part it lacks;
            // ArgumentException: for a main part its relationships place outside the package (an http:// target).
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"not a valid DOCX: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>Adds one line per paragraph and per table row found in <paramref name="container"/>, in document order.</summary>
    private static void AppendBlocks(OpenXmlElement container, List<string> lines, CancellationToken cancellationToken)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph paragraph:
                    cancellationToken.ThrowIfCancellationRequested();
                    var text = new StringBuilder();
                    AppendInline(paragraph, text);
                    lines.Add(text.ToString());
                    break;
                case Table table:
                    foreach (var row in Find<TableRow>(table))
                    {
                        var cells = Find<TableCell>(row).Select(cell =>
                        {
                            var cellLines = new List<string>();
                            AppendBlocks(cell, cellLines, cancellationToken);
                            return string.Join('\n', cellLines);
                        });
                        lines.Add(string.Join('\t', cells));
                    }

                    break;
                case AlternateContentFallback:
                    // The fallback repeats the chosen alternative for older readers; reading both would duplicate text.
                    break;
                default:
                    // Content controls, custom XML and the like wrap ordinary blocks.
                    AppendBlocks(child, lines, cancellationToken);
                    break;
            }
        }
    }

    private static void AppendInline(OpenXmlElement element, StringBuilder text)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case DocumentFormat.OpenXml.Wordprocessing.Text t:
                    text.Append(t.Text);
                    break;
                case TabChar or PositionalTab:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('\u2011');
                    break;
                case Paragraph nested:
                    // A text box inside the paragraph: its paragraphs go on lines of their own.
                    text.Append('\n');
                    AppendInline(nested, text);
                    break;
                case DeletedText or FieldCode or DeletedFieldCode or AlternateContentFallback:
                    // Tracked deletions and field instructions are not what the reader sees.
                    break;
                default:
                    AppendInline(child, text);
                    break;
            }
        }
    }

    /// <summary>Children of type <typeparamref name="T"/>, looking through wrappers (content controls) but not into nested tables.</summary>
    private static IEnumerable<T> Find<T>(OpenXmlElement parent)
        where T : OpenXmlElement
    {
        foreach (var child in parent.ChildElements)
        {
            if (child is T match)
            {
                yield return match;
            }
            else if (child is not Table and not AlternateContentFallback)
            {
                foreach (var nested in Find<T>(child))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<OpenXmlElement> NoteElements(MainDocumentPart main)
    {
        // Separator and continuation notes (those with a type) are Word's rules between body and notes, not content.
        var footnotes = main.FootnotesPart?.Footnotes?.Elements<Footnote>().Where(static n => n.Type is null || !n.Type.HasValue)
            ?? [];
        var endnotes = main.EndnotesPart?.Endnotes?.Elements<Endnote>().Where(static n => n.Type is null || !n.Type.HasValue)
            ?? [];
        return footnotes.Cast<OpenXmlElement>().Concat(endnotes);
    }

    /// <summary>The most a part of a DOCX may unpack to: the main text of even very long real documents is a few tens of MB.</summary>
    internal const long MaxPartBytes = 256L << 20;

    /// <summary>
    /// Refuses a package whose zip directory declares a part larger than <see cref="MaxPartBytes"/> unpacked, before
    /// anything is unpacked: a 1 MB file of repeated XML unpacked to 400 MB of text and took 3 GB to extract.
    /// </summary>
    private static void RefuseOversizedParts(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            if (entry.Length > MaxPartBytes)
            {
                throw new ArchiveException(
                    ArchiveErrorKind.Unreadable,
                    $"its part {entry.FullName} unpacks to {entry.Length / (1 << 20)} MiB, more than the {MaxPartBytes >> 20} MiB a DOCX part may have here (a zip bomb?)");
            }
        }
    }

    /// <summary>The core properties, or none when the SDK cannot read them (an empty or malformed date): one bad field does not cost the document.</summary>
    private static Dictionary<string, string> ReadMetadata(WordprocessingDocument document)
    {
        try
        {
            return ReadMetadata(document.PackageProperties);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or InvalidOperationException or OpenXmlPackageException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private static Dictionary<string, string> ReadMetadata(PackageProperties properties)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Clean(properties.Title) is { } title)
        {
            metadata["title"] = title;
        }

        if (Clean(properties.Creator) is { } creator)
        {
            metadata["authors"] = creator;
        }

        if (properties.Created is { } created)
        {
            metadata["created"] = IsoDate.Format(created);
        }

        if (LanguageTag.TryGetPrimary(properties.Language, out var language))
        {
            metadata["language"] = language;
        }

        return metadata;
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : CanonicalText.Canonicalize(value.Trim());

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
