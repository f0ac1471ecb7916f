namespace Archive.Core.Export.Wacz;

/// <summary>
/// One record of an uncompressed WARC file as <see cref="WarcScanner"/> finds it: where it starts, its whole length
/// (header, block and the closing CRLF CRLF), its WARC fields, and for <c>response</c> records the HTTP status and
/// Content-Type read from the start of the block.
/// </summary>
internal sealed record WarcRecordHead(long Offset, long Length, IReadOnlyDictionary<string, string> Fields, int? HttpStatus, string? HttpContentType)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;
}
