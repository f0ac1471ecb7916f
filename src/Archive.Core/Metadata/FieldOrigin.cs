namespace Archive.Core.Metadata;

/// <summary>Where a metadata value came from, in order of precedence (sidecar wins over CLI over the document).</summary>
public static class FieldOrigin
{
    public const string Cli = "cli";
    public const string Derived = "derived";
    public const string Detected = "detected";
    public const string Amend = "amend";
    public const string Upload = "upload";

    /// <summary>Recorded by a web capture itself: the URL asked for and when it was fetched.</summary>
    public const string Capture = "capture";

    public static string Sidecar(string fileName) => "sidecar:" + fileName;

    public static string Document(string extractor) => "document:" + extractor;
}
