namespace Archive.Core.Ingestion.Capture;

/// <summary>How an HTTP/1.x message body is delimited (RFC 9112 section 6.3).</summary>
internal enum BodyFraming
{
    /// <summary>No body (a request without one, HEAD, 1xx, 204, 304).</summary>
    None,

    /// <summary>Content-Length bytes.</summary>
    Length,

    /// <summary>Chunked transfer coding.</summary>
    Chunked,

    /// <summary>Everything until the server closes the connection.</summary>
    UntilClose,
}
