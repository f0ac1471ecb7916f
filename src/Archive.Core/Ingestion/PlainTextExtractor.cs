namespace Archive.Core.Ingestion;

/// <summary>
/// Plain text and Markdown: the canonical text is the decoded file itself, so offsets match the source. UTF-8 unless
/// a sidecar declares another encoding or the file starts with a UTF-16 byte-order mark.
/// </summary>
internal sealed class PlainTextExtractor(string mediaType, string name) : IStreamingExtractor, IInMemoryExtractor
{
    public const string Version = "1";

    public string MediaType { get; } = mediaType;

    /// <summary>True for text without NUL bytes, or UTF-16 with its byte-order mark and without NUL characters.</summary>
    public bool Sniff(ReadOnlySpan<byte> head) =>
        CanonicalText.Utf16ByMark(head) is null ? head.IndexOf((byte)0) < 0 : !CanonicalText.HasNulUnit(head[2..]);

    public ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken)
    {
        var text = CanonicalText.Canonicalize(CanonicalText.DecodeFile(path, declaredEncoding, name, out var marked));
        return new ExtractedDocument(text, [], new Dictionary<string, string>(), Info(declaredEncoding ?? marked));
    }

    public ExtractedDocument ExtractBytes(byte[] content, string? declaredEncoding, CancellationToken cancellationToken)
    {
        var text = CanonicalText.Canonicalize(CanonicalText.DecodeBytes(content, declaredEncoding, name, out var marked));
        return new ExtractedDocument(text, [], new Dictionary<string, string>(), Info(declaredEncoding ?? marked));
    }

    public ExtractedDocument ExtractInto(string path, string? declaredEncoding, CanonicalTextWriter output, CancellationToken cancellationToken)
    {
        CanonicalText.DecodeFileInto(path, declaredEncoding, name, output, out var marked, cancellationToken);
        return new ExtractedDocument(string.Empty, [], new Dictionary<string, string>(), Info(declaredEncoding ?? marked));
    }

    /// <summary>
    /// The settings: <c>encoding=utf-8</c>, the sidecar's name for its encoding, or <c>utf-16le(bom)</c> and the like
    /// for one the file's mark chose (a name with parentheses is not taken for a declaration when the text is made again).
    /// </summary>
    private ExtractorInfo Info(string? encoding) => new(name, Version, $"encoding={encoding ?? "utf-8"};nfc;lf");
}
