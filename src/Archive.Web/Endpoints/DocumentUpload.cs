using System.Security.Claims;
using Archive.Core;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// POST /api/documents: a multipart <c>file</c> part plus metadata fields, ingested from its stream under its own
/// (sanitised) name with the token's name as agent.
/// </summary>
internal static class DocumentUpload
{
    private const int MaxFileNameLength = 255;

    public static async Task<Results<Created<UploadResult>, Ok<UploadResult>, ProblemHttpResult>> Handle(
        HttpRequest request, ArchiveCore archive, WebOptions options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!request.HasFormContentType)
        {
            return Problem(415, "Unsupported media type", "send multipart/form-data with a 'file' part and optional metadata fields");
        }

        if (request.ContentLength > options.MaxUploadBytes + (1024 * 1024))
        {
            return TooLarge(options);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count != 1 || form.Files.GetFile("file") is not { } file)
        {
            return Problem(400, "No file", "send exactly one multipart part named 'file'");
        }

        if (file.Length > options.MaxUploadBytes)
        {
            return TooLarge(options);
        }

        if (SafeFileName(file.FileName) is not { } name)
        {
            return Problem(400, "Bad file name", "the file name must be a plain name: no '..' segments, control characters or empty name");
        }

        if (form.Any(field => field.Value.Count != 1))
        {
            return Problem(400, "Bad metadata field", "give each metadata field once");
        }

        Dictionary<string, FieldValue> metadata;
        try
        {
            metadata = MetadataInput.Fields(form.Select(f => KeyValuePair.Create(f.Key, f.Value.ToString())), FieldOrigin.Upload, string.Empty);
        }
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
        {
            return Problem(400, "Bad metadata field", ex.Message);
        }

        var agent = user.Identity!.Name!;
        await using var content = file.OpenReadStream();
        var outcome = await archive.Ingestor.IngestUploadAsync(content, name, options.MaxUploadBytes, metadata, agent, cancellationToken);
        if (outcome.Status == IngestStatus.Rejected)
        {
            return Problem(422, "Rejected", outcome.Reason ?? "the file was not archived");
        }

        // Every outcome but a rejection names the capture.
        var captureId = outcome.CaptureId ?? throw new InvalidOperationException($"{outcome.Status} without a capture id");
        var result = new UploadResult(outcome.Status, captureId, outcome.Slug, outcome.Title, outcome.Size, outcome.MediaType, outcome.SourceVersion, name, agent);
        return outcome.Status == IngestStatus.Ingested ? TypedResults.Created($"/api/documents/{captureId}", result) : TypedResults.Ok(result);
    }

    /// <summary>The last segment of an uploaded file name, or null when it tries to climb out ("..") or is not a usable name.</summary>
    public static string? SafeFileName(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > MaxFileNameLength || raw.Any(char.IsControl))
        {
            return null;
        }

        var segments = raw.Replace('\\', '/').Split('/');
        if (segments.Any(s => s.Trim() == ".."))
        {
            return null;
        }

        var name = Path.GetFileName(segments[^1]).Trim();
        return name.Length == 0 || name == "." || name.Contains(':', StringComparison.Ordinal) ? null : name;
    }

    private static ProblemHttpResult TooLarge(WebOptions options) =>
        Problem(413, "Upload too large", $"uploads are limited to {options.MaxUploadBytes / (1024 * 1024)} MB");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
