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

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body gives no length up front: the server's own limit stops it on the way in.
            return TooLarge(options);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // A body that ends inside a part, a part header that cannot be read (a line break inside a file name), or
            // a body that is not multipart at all despite its header. The runtime's own wording names none of these.
            return Problem(400, "Malformed upload", "the multipart body could not be read: a part ends before its boundary, a part's headers are malformed, or the body is not multipart/form-data");
        }

        if (form.Files.Count != 1 || form.Files.GetFile("file") is not { } file)
        {
            return Problem(400, "No file", "send exactly one multipart part named 'file'");
        }

        if (file.Length > options.MaxUploadBytes)
        {
            return TooLarge(options);
        }

        if (SafeFileName(file.FileName, out var fileNameProblem) is not { } name)
        {
            return Problem(400, "Bad file name", fileNameProblem);
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
        var result = new UploadResult(outcome.Status, captureId, outcome.Slug, outcome.Title, outcome.Size, outcome.MediaType, outcome.SourceVersion, name, agent, outcome.Note);
        return outcome.Status == IngestStatus.Ingested ? TypedResults.Created($"/api/documents/{captureId}", result) : TypedResults.Ok(result);
    }

    /// <summary>
    /// The last segment of an uploaded file name, or null with <paramref name="problem"/> saying why: it tries to climb
    /// out (".."), is too long, or holds a control character or a bidirectional formatting character (U+202E and its
    /// kin reverse how the rest of the name is shown, so a name ending "fdp.exe" after U+202E reads as one ending "exe.pdf").
    /// </summary>
    public static string? SafeFileName(string? raw, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            problem = "the upload has no file name";
            return null;
        }

        if (raw.Length > MaxFileNameLength)
        {
            problem = $"the file name is {raw.Length} characters long; at most {MaxFileNameLength} are allowed";
            return null;
        }

        foreach (var c in raw)
        {
            if (char.IsControl(c) || IsBidiFormatting(c))
            {
                problem = $"the file name holds U+{(int)c:X4}, a control or bidirectional formatting character; rename the file";
                return null;
            }
        }

        var segments = raw.Replace('\\', '/').Split('/');
        if (segments.Any(s => s.Trim() == ".."))
        {
            problem = "the file name must be a plain name, with no '..' segments";
            return null;
        }

        var name = Path.GetFileName(segments[^1]).Trim();
        if (name.Length == 0 || name == "." || name.Contains(':', StringComparison.Ordinal))
        {
            problem = "the file name must be a plain name: not empty, not '.', and without ':'";
            return null;
        }

        return name;
    }

    // Left-to-right and right-to-left marks, embeddings, overrides and isolates (Unicode's Bidi_Control property).
    private static bool IsBidiFormatting(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static ProblemHttpResult TooLarge(WebOptions options) =>
        Problem(413, "Upload too large", $"uploads are limited to {options.MaxUploadBytes / (1024 * 1024)} MB");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
