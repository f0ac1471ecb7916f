using System.Diagnostics.CodeAnalysis;
using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Ingestion;

/// <summary>Chooses the extractor for a file by its extension, and checks that the content really is that format.</summary>
internal sealed class ExtractorRegistry
{
    private const int SniffBytes = 4096;

    private readonly Dictionary<string, IExtractor> _byExtension;

    // What each registered extractor expects to see, phrased for the rejection reason.
    private readonly Dictionary<IExtractor, string> _expectations = new(ReferenceEqualityComparer.Instance);

    public ExtractorRegistry()
    {
        var plainText = new PlainTextExtractor("text/plain", "plain-text");
        var markdown = new PlainTextExtractor("text/markdown", "markdown-source");
        var html = new HtmlExtractor();
        var pdf = new PdfExtractor();
        var docx = new DocxExtractor();
        var tesseract = new Tesseract();
        var png = new ImageExtractor("image/png", "png", tesseract);
        var jpeg = new ImageExtractor("image/jpeg", "jpeg", tesseract);
        var tiff = new ImageExtractor("image/tiff", "tiff", tesseract);
        var webp = new ImageExtractor("image/webp", "webp", tesseract);
        _byExtension = new Dictionary<string, IExtractor>(StringComparer.OrdinalIgnoreCase)
        {
            [".txt"] = plainText,
            [".md"] = markdown,
            [".markdown"] = markdown,
            [".html"] = html,
            [".htm"] = html,
            [".pdf"] = pdf,
            [".docx"] = docx,
            [".png"] = png,
            [".jpg"] = jpeg,
            [".jpeg"] = jpeg,
            [".tif"] = tiff,
            [".tiff"] = tiff,
            [".webp"] = webp,
        };
        _expectations[plainText] = _expectations[markdown] = "binary content (NUL bytes), not text";
        _expectations[html] = "does not start with markup ('<') or contains NUL bytes";
        _expectations[pdf] = "no %PDF- header in the first 1024 bytes";
        _expectations[docx] = "not a zip package (no PK header), so not a DOCX";
        _expectations[png] = "no PNG signature";
        _expectations[jpeg] = "no JPEG start-of-image marker";
        _expectations[tiff] = "no TIFF header (II*\\0 or MM\\0*)";
        _expectations[webp] = "no RIFF/WEBP header";
        SupportedExtensions = _byExtension.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The lowercase extensions with an extractor, dot included, sorted: <c>.docx</c>, <c>.htm</c>, …</summary>
    public IReadOnlyCollection<string> SupportedExtensions { get; }

    /// <summary>Finds the extractor for <paramref name="path"/>'s extension, in any letter case.</summary>
    public bool TryGet(string path, [MaybeNullWhen(false)] out IExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _byExtension.TryGetValue(Path.GetExtension(path), out extractor);
    }

    /// <summary>
    /// Finds the extractor that reads <paramref name="mediaType"/> (as a capture records it), for making a capture's
    /// text again. Web captures (<c>application/warc</c>) have none: their text is what the browser rendered.
    /// </summary>
    public bool TryGetByMediaType(string mediaType, [MaybeNullWhen(false)] out IExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        extractor = _byExtension.Values.FirstOrDefault(e => string.Equals(e.MediaType, mediaType, StringComparison.OrdinalIgnoreCase));
        return extractor is not null;
    }

    /// <summary>
    /// Reads the first 4096 bytes of <paramref name="path"/> and returns a one-line reason to reject it: an empty file,
    /// or content that does not look like what <paramref name="extractor"/> reads. Null when the content fits.
    /// </summary>
    public string? CheckContent(IExtractor extractor, string path) => CheckContent(extractor, path, path);

    /// <summary>As <see cref="CheckContent(IExtractor, string)"/>, for a file staged at <paramref name="path"/> under the name <paramref name="name"/> (an upload).</summary>
    public string? CheckContent(IExtractor extractor, string path, string name)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(path);
        // Checked before opening: a named pipe, socket or device also reports no size, and opening a pipe waits for a
        // writer forever (a FIFO in an ingested folder hung the batch).
        if (new FileInfo(path).Length == 0)
        {
            return "empty file";
        }

        var head = new byte[SniffBytes];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        return CheckContent(extractor, head.AsSpan(0, read), name);
    }

    /// <summary>As <see cref="CheckContent(IExtractor, string)"/>, for the content of a file named <paramref name="name"/> read whole.</summary>
    public string? CheckContent(IExtractor extractor, ReadOnlySpan<byte> content, string name)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(name);
        if (content.IsEmpty)
        {
            return "empty file";
        }

        if (extractor.Sniff(content[..Math.Min(content.Length, SniffBytes)]))
        {
            return null;
        }

        var extension = Path.GetExtension(name);
        var what = extension.Length > 0 ? extension.ToLowerInvariant() : extractor.MediaType;
        return $"content does not match {what}: {Expectation(extractor)}";
    }

    private string Expectation(IExtractor extractor) =>
        _expectations.TryGetValue(extractor, out var expectation) ? expectation : $"does not look like {extractor.MediaType}";
}
