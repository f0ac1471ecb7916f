using Archive.Core;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace Archive.Web.Errors;

/// <summary>
/// Maps exceptions that escape an endpoint to ProblemDetails: bad input to 4xx, an absent or busy archive to 503,
/// and anything else to a plain 500 with no stack trace or message.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title, detail) = Classify(exception, httpContext);
        if (status >= 500)
        {
            logger.LogError(exception, "request {Path} failed", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static (int Status, string Title, string? Detail) Classify(Exception exception, HttpContext context) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == 413 ? "Request too large" : "Bad request", bad.Message),
        InvalidDataException data when data.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => (413, "Request too large", data.Message),
        InvalidDataException data => (400, "Bad request", data.Message),
        ArchiveException archive => Classify(archive),
        ArgumentException argument => (400, "Bad request", argument.Message.Split(" (Parameter", 2)[0]),
        FormatException or JsonException => (400, "Bad request", "the request body or a parameter is malformed"),
        SqliteException { SqliteErrorCode: 5 or 6 } => (503, "Archive busy", "the catalog is locked by another writer; try again"),
        OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request", null),
        _ => (500, "Unexpected error", "the server failed to handle this request; the error was logged"),
    };

    private static (int Status, string Title, string? Detail) Classify(ArchiveException exception) => exception.Kind switch
    {
        ArchiveErrorKind.InvalidInput => (400, "Bad request", exception.Message),
        ArchiveErrorKind.NotFound => (404, "Not found", exception.Message),
        ArchiveErrorKind.Conflict => (409, "Conflict", exception.Message),
        ArchiveErrorKind.Unreadable => (422, "Could not extract text", exception.Message),
        ArchiveErrorKind.RenderFailed => (503, "Pack not rendered", "the PDF could not be rendered (Chromium or the pack templates); the error was logged"),
        ArchiveErrorKind.NoArchive => (503, "No archive", exception.Message),
        ArchiveErrorKind.NeedsAction => (503, "Archive needs maintenance", exception.Message),
        _ => (500, "Unexpected error", "the server failed to handle this request; the error was logged"),
    };
}
