using System.Text;
using AngleSharp.Html.Parser;

namespace Archive.Core.Ingestion;

/// <summary>HTML through AngleSharp's HTML5 parser: the visible text, plus metadata from the document head.</summary>
internal sealed class HtmlExtractor : IStreamingExtractor, IInMemoryExtractor
{
    public const string Name = "anglesharp-html";

    /// <summary>The AngleSharp version without build metadata, e.g. <c>1.10.3</c>.</summary>
    public static readonly string ParserVersion = LibraryVersion.Of(typeof(HtmlParser));

    /// <summary>How much of a large document's start is parsed for the metadata in its head.</summary>
    private const int HeadChars = 1 << 20;

    /// <summary>Deeper than this (by <see cref="HtmlVisibleText.NestingEstimate"/>), a page is read without a DOM: 2,048 levels take AngleSharp about 0.1 s.</summary>
    private const int MaxDomDepth = 2048;

    public string MediaType => "text/html";

    /// <summary>True when the head has no NUL bytes and starts, after an optional BOM and whitespace, with <c>&lt;</c>.</summary>
    public bool Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(HtmlCharset.Utf16LeBom) || head.StartsWith(HtmlCharset.Utf16BeBom))
        {
            // UTF-16 is the one HTML encoding full of NUL bytes; look at its characters instead.
            var encoding = head[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            var chars = encoding.GetString(head[2..(head.Length & ~1)]);
            return chars.AsSpan().TrimStart(" \t\n\r\f").StartsWith('<');
        }

        if (head.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        if (head.StartsWith(HtmlCharset.Utf8Bom))
        {
            head = head[3..];
        }

        var rest = head.TrimStart(" \t\n\r\f"u8);
        return rest.Length > 0 && rest[0] == (byte)'<';
    }

    public ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        return ExtractBytes(File.ReadAllBytes(path), declaredEncoding, cancellationToken);
    }

    public ExtractedDocument ExtractBytes(byte[] content, string? declaredEncoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        cancellationToken.ThrowIfCancellationRequested();
        var html = HtmlCharset.Decode(content, declaredEncoding, out var encodingUsed);

        var settings = $"encoding={encodingUsed};{HtmlVisibleText.Rules}";
        if (HtmlVisibleText.NestingEstimate(html) > MaxDomDepth)
        {
            // AngleSharp's tree building is quadratic in depth (100,000 nested elements: 249 s): such a page is read
            // as a large one is, without a DOM, its metadata from the part before <body>.
            var flat = HtmlVisibleText.ExtractWithoutDom(html, cancellationToken);
            var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
            var head = HtmlEndOfFile.Guard(html[..Math.Min(body >= 0 ? body : html.Length, HeadChars)]);
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            if (HtmlVisibleText.NestingEstimate(head.Html) <= MaxDomDepth)
            {
                using var headDocument = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(head.Html);
                found = head.Restore(HtmlMetadata.Harvest(headDocument));
            }

            return new ExtractedDocument(flat, [], found, new ExtractorInfo(Name, ParserVersion, settings));
        }

        // A parser per call: AngleSharp parsers are cheap and keeping none shared avoids thread-safety questions.
        var guarded = HtmlEndOfFile.Guard(html);
        using var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(guarded.Html);
        var text = guarded.Restore(HtmlVisibleText.Extract(document, cancellationToken));
        var metadata = guarded.Restore(HtmlMetadata.Harvest(document));
        return new ExtractedDocument(text, [], metadata, new ExtractorInfo(Name, ParserVersion, settings));
    }

    /// <summary>
    /// A large document: the text through <see cref="HtmlStreamingText"/> (no DOM), the metadata from the document's
    /// start up to its body (at most <see cref="HeadChars"/> characters), both decoded a buffer at a time.
    /// </summary>
    public ExtractedDocument ExtractInto(string path, string? declaredEncoding, CanonicalTextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        string encodingUsed;
        using (var reader = HtmlCharset.OpenReader(path, declaredEncoding, out encodingUsed))
        {
            HtmlStreamingText.Extract(reader, new VisibleTextFilter(output), cancellationToken);
        }

        IReadOnlyDictionary<string, string> metadata;
        using (var reader = HtmlCharset.OpenReader(path, declaredEncoding, out _))
        {
            var head = new char[HeadChars];
            var length = reader.ReadBlock(head, 0, head.Length);
            var body = head.AsSpan(0, length).IndexOf("<body", StringComparison.OrdinalIgnoreCase);
            var guarded = HtmlEndOfFile.Guard(new string(head, 0, body >= 0 ? body : length));
            using var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(guarded.Html);
            metadata = guarded.Restore(HtmlMetadata.Harvest(document));
        }

        var settings = $"encoding={encodingUsed};{HtmlVisibleText.Rules}";
        return new ExtractedDocument(string.Empty, [], metadata, new ExtractorInfo(Name, ParserVersion, settings));
    }
}
