namespace Archive.Core.Ingestion;

/// <summary>Plain text and Markdown: the canonical text is the decoded file itself, so offsets match the source.</summary>
internal sealed class PlainTextExtractor(string mediaType, string name) : IStreamingExtractor
{
    public const string Version = "1";

    public string MediaType { get; } = mediaType;

    public bool Sniff(ReadOnlySpan<byte> head) => head.IndexOf((byte)0) < 0;

    public ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken)
    {
        var text = CanonicalText.Canonicalize(CanonicalText.DecodeFile(path, declaredEncoding, name));
        return new ExtractedDocument(text, [], new Dictionary<string, string>(), Info(declaredEncoding));
    }

    public ExtractedDocument ExtractInto(string path, string? declaredEncoding, CanonicalTextWriter output, CancellationToken cancellationToken)
    {
        CanonicalText.DecodeFileInto(path, declaredEncoding, name, output, cancellationToken);
        return new ExtractedDocument(string.Empty, [], new Dictionary<string, string>(), Info(declaredEncoding));
    }

    private ExtractorInfo Info(string? declaredEncoding) =>
        new(name, Version, declaredEncoding is null ? "encoding=utf-8;nfc;lf" : $"encoding={declaredEncoding};nfc;lf");
}
