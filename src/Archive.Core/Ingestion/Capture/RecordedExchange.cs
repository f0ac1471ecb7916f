namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// One HTTP exchange as the recording proxy saw it: the request bytes it sent to the server and the response bytes
/// the server sent back, both exactly as they went over the connection.
/// </summary>
/// <param name="TargetUri">The absolute URL requested.</param>
/// <param name="Address">The IP address connected to.</param>
/// <param name="Date">When the request was sent (archive clock).</param>
/// <param name="Request">The request head and body as sent.</param>
/// <param name="Response">The response as received, up to the limit that cut it, if any.</param>
/// <param name="PayloadDigest">SHA-256 of the response payload: the body without chunked transfer coding.</param>
/// <param name="RequestPayloadDigest">SHA-256 of the request body, null when it has none.</param>
/// <param name="Truncated">Why the response was cut (<c>length</c>, <c>time</c>, <c>disconnect</c>), or null when complete.</param>
internal sealed record RecordedExchange(
    Uri TargetUri,
    string Address,
    DateTimeOffset Date,
    byte[] Request,
    byte[] Response,
    byte[] PayloadDigest,
    byte[]? RequestPayloadDigest,
    string? Truncated)
{
    /// <summary>The status code of the response, or 0 when not even its status line arrived.</summary>
    public int Status { get; init; }

    /// <summary>The Location field of a redirect, as the server wrote it.</summary>
    public string? Location { get; init; }

    /// <summary>Where the exchange's request and response records start in the spool, and their length.</summary>
    public (long Offset, long Length) Spooled { get; init; }

    /// <summary>The response's Content-Type field.</summary>
    public string? ContentType { get; init; }
}
