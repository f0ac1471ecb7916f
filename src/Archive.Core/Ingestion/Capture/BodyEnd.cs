namespace Archive.Core.Ingestion.Capture;

/// <summary>How reading a message body ended.</summary>
internal enum BodyEnd
{
    /// <summary>The body ended as its framing said.</summary>
    Complete,

    /// <summary>The capture's byte limit cut it.</summary>
    Limit,

    /// <summary>The connection closed before the framing said the body ended.</summary>
    Disconnect,
}
