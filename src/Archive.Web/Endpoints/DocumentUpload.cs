using System.Security.Claims;
using Archive.Core;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// POST /api/documents: a multipart <c>file</c> part plus metadata fields. The file is saved under its own
/// (sanitised) name in a fresh temporary folder, ingested with the token's name as agent, and the folder removed.
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

        var metadata = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            var field = MetadataField.Find(key);
            if (field is null || values.Count != 1)
            {
                return Problem(400, "Bad metadata field", $"'{Shorten(key)}' must be one of {string.Join(", ", MetadataField.All.Select(f => f.Name))}, given once");
            }

            metadata[field.Name] = new FieldValue(FieldParser.ParseText(field, values.ToString()), FieldOrigin.Upload);
        }

        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "archive-upload-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var path = Path.Combine(folder, name);
            await using (var target = File.Create(path))
            {
                await file.CopyToAsync(target, cancellationToken);
            }

            var agent = user.Identity!.Name!;
            var outcome = archive.Ingestor.Ingest(new IngestRequest([path], metadata, agent, SuppliedAs: "upload:" + name), null, cancellationToken).Single();
            if (outcome.Status == IngestStatus.Rejected)
            {
                return Problem(422, "Rejected", outcome.Reason ?? "the file was not archived");
            }

            var result = new UploadResult(outcome.Status, outcome.CaptureId!, outcome.Slug, outcome.Title, outcome.Size, outcome.MediaType, outcome.SourceVersion, name, agent);
            return outcome.Status == IngestStatus.Ingested ? TypedResults.Created($"/api/documents/{outcome.CaptureId}", result) : TypedResults.Ok(result);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
