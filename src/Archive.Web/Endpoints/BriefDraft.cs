using System.Text.Unicode;
using Archive.Core.Briefings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Archive.Web.Endpoints;

/// <summary>
/// A posted brief saved as <c>brief.md</c> in a fresh temporary folder (the name is fixed, never taken from the
/// request), so Core can check or build it like a file; disposing removes the folder. Only UTF-8 Markdown or plain text
/// up to <see cref="BriefParser.MaxBytes"/> is accepted.
/// </summary>
internal sealed class BriefDraft : IDisposable
{
    public const string FileName = "brief.md";

    private static readonly string[] MediaTypes = ["text/markdown", "text/x-markdown", "text/plain"];

    private readonly string _folder;

    private BriefDraft(string folder)
    {
        _folder = folder;
    }

    public string Path => System.IO.Path.Combine(_folder, FileName);

    /// <summary>Reads and validates the body; on success the draft is on disk, otherwise the problem says why not.</summary>
    public static async Task<(BriefDraft? Draft, ProblemHttpResult? Problem)> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !MediaTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase)
            || (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problem(415, "Unsupported media type", "send the brief as text/markdown (or text/plain) in UTF-8"));
        }

        if (request.ContentLength > BriefParser.MaxBytes)
        {
            return (null, TooLarge());
        }

        var bytes = await ReadAtMost(request.Body, BriefParser.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return (null, TooLarge());
        }

        if (bytes.Length == 0)
        {
            return (null, Problem(400, "Empty brief", "the body is empty; send the brief's Markdown"));
        }

        if (!Utf8.IsValid(bytes) || bytes.Contains((byte)0))
        {
            return (null, Problem(400, "Not text", "the body is not UTF-8 text (invalid byte sequences or NUL bytes)"));
        }

        var draft = new BriefDraft(Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "archive-brief-" + Guid.NewGuid().ToString("N"))).FullName);
        await File.WriteAllBytesAsync(draft.Path, bytes, cancellationToken);
        return (draft, null);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner; the draft is the user's own text, already answered.
        }
    }

    /// <summary>The whole stream, or null as soon as it grows past <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadAtMost(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge() =>
        Problem(413, "Brief too large", $"a brief is limited to {BriefParser.MaxBytes / (1024 * 1024)} MB of UTF-8 text");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
