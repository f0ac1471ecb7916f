namespace Archive.Core.Ingestion.Capture;

/// <summary>What became of one URL.</summary>
public enum CaptureStatus
{
    /// <summary>Archived: the WARC, the screenshot and the rendered text are stored and logged (warnings may apply).</summary>
    Captured,

    /// <summary>Not archived, with a one-line reason naming the URL. Nothing was stored.</summary>
    Refused,
}
