using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;

namespace Archive.Core.Ingestion;

/// <summary>Files and folders to ingest, metadata given on the command line, and who supplies them.</summary>
/// <param name="SuppliedAs">
/// How the supplier named a single input when its local path means nothing (a web upload's temp file):
/// recorded in the events in place of the path, for example <c>upload:report.pdf</c>.
/// </param>
public sealed record IngestRequest(
    IReadOnlyList<string> Paths,
    IReadOnlyDictionary<string, FieldValue> CommandLineMetadata,
    string Agent,
    string? SuppliedAs = null)
{
    /// <summary>When and in which languages scans and images are OCRed.</summary>
    public OcrOptions Ocr { get; init; } = OcrOptions.Default;
}
