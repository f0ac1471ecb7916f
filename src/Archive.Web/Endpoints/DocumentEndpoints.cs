using Archive.Core.Storage;
using Archive.Core.Search.Engine;
using Archive.Core.Search;
using Archive.Core.Provenance;
using Archive.Core.Text;
using System.Security.Claims;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;
using Archive.Web.Hosting;
using Archive.Web.Contracts;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Archive.Web.Endpoints;

/// <summary>/api/documents: list, show, text, passage, matches, related, original, upload, amend and reextract.</summary>
internal static class DocumentEndpoints
{
    private const int MaxIdLength = 200;
    private const int MaxPageSize = 500;

    /// <summary>The most code points one /passage answer carries; the document page pages through longer texts.</summary>
    public const int MaxPassageCodePoints = 262_144;

    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/documents").WithTags("Documents").RequireAuthorization(Policies.Read);
        read.MapGet("/", List).ProducesProblem(StatusCodes.Status400BadRequest);
        read.MapGet("/{id}", Show).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id}/text", Text).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(OpenApiContent.PlainText);
        read.MapGet("/{id}/passage", GetPassage).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id}/citation", GetCitation).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id}/matches", Matches).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        read.MapGet("/{id}/related", Related).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        read.MapGet("/{id}/original", Original).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(OpenApiContent.Original);

        var write = app.MapGroup("/api/documents").WithTags("Documents").RequireAuthorization(Policies.Ingest);
        write.MapPost("/", DocumentUpload.Handle).DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer(OpenApiContent.MultipartUpload);
        write.MapPatch("/{id}/metadata", Amend)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        write.MapPost("/{id}/reextract", Reextract).RequireRateLimiting(RateLimits.Reextract)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        write.MapPost("/{id}/withdraw", Withdraw)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    /// <summary>Resolves an id (hash, 8+ hex prefix or slug) or explains why not as a ProblemDetails result.</summary>
    public static (CaptureSummary? Capture, ProblemHttpResult? Problem) Resolve(CatalogReader reader, string id)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            return (null, TypedResults.Problem($"an id is a sha256 hash, 8 or more hex digits of one, or a slug (at most {MaxIdLength} characters)", statusCode: 400, title: "Bad id"));
        }

        var resolution = reader.Resolve(id);
        if (resolution.Capture is { } capture)
        {
            return (capture, null);
        }

        return resolution.Candidates.Count > 1
            ? (null, TypedResults.Problem(resolution.Error, statusCode: 400, title: "Ambiguous id", extensions: new Dictionary<string, object?> { ["candidates"] = resolution.Candidates.Take(10).Select(c => c.Id).ToList() }))
            : (null, TypedResults.Problem(resolution.Error, statusCode: 404, title: "Not found"));
    }

    /// <summary>A page of captures in ingest order, or with <c>order=newest</c> the most recently ingested first.</summary>
    private static Results<Ok<DocumentPage>, ProblemHttpResult> List(CatalogReader reader, int? limit, int? offset, string? order)
    {
        var take = limit ?? 50;
        var skip = offset ?? 0;
        if (take is < 1 or > MaxPageSize || skip < 0)
        {
            return TypedResults.Problem($"limit must be 1-{MaxPageSize} and offset 0 or more", statusCode: 400, title: "Bad paging");
        }

        if (order is not (null or "ingested" or "newest"))
        {
            return TypedResults.Problem("order is 'ingested' (oldest first, the default) or 'newest'", statusCode: 400, title: "Bad order");
        }

        var total = reader.Count();
        if (order != "newest")
        {
            return TypedResults.Ok(new DocumentPage(total, take, skip, reader.List(take, skip)));
        }

        // Newest first is ingest order read from the end: the page's window counted back from the last capture.
        var end = Math.Max(0, total - skip);
        var start = Math.Max(0, end - take);
        return TypedResults.Ok(new DocumentPage(total, take, skip, [.. reader.List(end - start, start).Reverse()]));
    }

    private static Results<Ok<DocumentDetail>, ProblemHttpResult> Show(CatalogReader reader, string id)
    {
        var (capture, problem) = Resolve(reader, id);
        return capture is null ? problem! : TypedResults.Ok(DocumentDetail.From(reader.Show(capture.Id)!));
    }

    /// <summary>The canonical text, streamed from its blob: a 50 MB text is never held whole per request.</summary>
    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Text(CatalogReader reader, string id)
    {
        var (capture, problem) = Resolve(reader, id);
        if (capture is null)
        {
            return problem!;
        }

        var path = reader.TextPath(capture);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, "text/plain; charset=utf-8")
            : TypedResults.Problem("the text is missing from the blob store; run verify", statusCode: 404, title: "Text missing");
    }

    private static Results<Ok<DocumentPassage>, ProblemHttpResult> GetPassage(CatalogReader reader, string id, int start, int end)
    {
        var (capture, problem) = Resolve(reader, id);
        if (capture is null)
        {
            return problem!;
        }

        if ((long)end - start > MaxPassageCodePoints)
        {
            return TypedResults.Problem($"a passage is at most {MaxPassageCodePoints} code points; page through the text with start and end (it has {capture.TextLength})", statusCode: 400, title: "Passage too long");
        }

        var passage = reader.ReadRange(capture, start, end, out var error);
        return error is null ? TypedResults.Ok(passage) : TypedResults.Problem(error, statusCode: 400, title: "Passage out of range");
    }

    /// <summary>The citation of <c>[start, end)</c> (code points), by short capture id, with <c>#N</c> counted over the whole text.</summary>
    private static Results<Ok<DocumentCitation>, ProblemHttpResult> GetCitation(CatalogReader reader, string id, int start, int end)
    {
        var (capture, problem) = Resolve(reader, id);
        if (capture is null)
        {
            return problem!;
        }

        if ((long)end - start > MaxPassageCodePoints)
        {
            return TypedResults.Problem($"a quote is at most {MaxPassageCodePoints} code points", statusCode: 400, title: "Quote too long");
        }

        var citation = reader.Cite(capture, capture.Id.Short, start, end, out var error);
        return citation is null ? TypedResults.Problem(error, statusCode: 400, title: "Nothing to cite") : TypedResults.Ok(citation);
    }

    /// <summary>The captures most like this one (Lucene's MoreLikeThis), each with the words it shares; <c>limit</c> 1–100, default 10.</summary>
    /// <summary>
    /// The captures most like this one. It runs as a search does: in one of the search slots, within the search time
    /// limit (which covers the wait for the slot), and past it a 503 that says why.
    /// </summary>
    private static async Task<Results<Ok<RelatedResponse>, ProblemHttpResult>> Related(ArchiveCore archive, Searcher searcher, SearchGate gate, string id, int? limit, CancellationToken cancellationToken)
    {
        var (capture, problem) = Resolve(archive.Catalog, id);
        if (capture is null)
        {
            return problem!;
        }

        if (limit is < 1 or > RelatedFinder.MaxLimit)
        {
            return TypedResults.Problem($"limit must be between 1 and {RelatedFinder.MaxLimit}", statusCode: 400, title: "Bad limit");
        }

        var timeLimit = searcher.Limits.TimeLimit;
        using var slot = await gate.EnterAsync(timeLimit, cancellationToken);
        if (slot is null)
        {
            return gate.Busy(timeLimit);
        }

        try
        {
            return TypedResults.Ok(archive.Related.Find(capture, archive.Catalog.ReadText(capture), limit ?? 10, slot.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(SearchEndpoints.OutOfTime(gate, slot, timeLimit, $"finding the related documents took longer than {timeLimit.TotalSeconds:0.#} s and was stopped"), statusCode: StatusCodes.Status503ServiceUnavailable, title: "Search could not run");
        }
    }

    /// <summary>
    /// Every match of a query (the search syntax) in one document's text, in text order, at most <c>limit</c> (default
    /// 200): the document page marks them and steps through them. A syntax error is a 400 at its column, as in search.
    /// </summary>
    private static async Task<Results<Ok<DocumentMatches>, ProblemHttpResult>> Matches(ArchiveCore archive, Searcher searcher, SearchGate gate, string id, string? q, int? limit, bool? aliases, CancellationToken cancellationToken)
    {
        var (capture, problem) = Resolve(archive.Catalog, id);
        if (capture is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(q) || q.Length > archive.Searcher.Limits.MaxQueryLength)
        {
            return TypedResults.Problem($"q is the query to find: 1 to {archive.Searcher.Limits.MaxQueryLength} characters", statusCode: 400, title: "Bad query");
        }

        if (limit is < 1 or > DocumentFinder.MaxLimit)
        {
            return TypedResults.Problem($"limit must be between 1 and {DocumentFinder.MaxLimit}", statusCode: 400, title: "Bad limit");
        }

        var timeLimit = searcher.Limits.TimeLimit;
        using var slot = await gate.EnterAsync(timeLimit, cancellationToken);
        if (slot is null)
        {
            return gate.Busy(timeLimit);
        }

        DocumentMatches found;
        try
        {
            found = archive.Finder.Find(capture, archive.Catalog.ReadText(capture), q, limit ?? 200, aliases ?? true, slot.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(SearchEndpoints.OutOfTime(gate, slot, timeLimit, $"finding the matches took longer than {timeLimit.TotalSeconds:0.#} s and was stopped; narrow the query"), statusCode: StatusCodes.Status503ServiceUnavailable, title: "Search could not run");
        }

        return found.Error switch
        {
            null => TypedResults.Ok(found),
            { Column: > 0 } e => SearchQuery.SyntaxError(e.Column, e.Message, e.Expected),
            { } e => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Search could not run"),
        };
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Original(CatalogReader reader, string id)
    {
        var (capture, problem) = Resolve(reader, id);
        if (capture is null)
        {
            return problem!;
        }

        var path = reader.OriginalPath(capture);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, capture.MediaType, capture.OriginalName)
            : TypedResults.Problem("the original is missing from the blob store; run verify", statusCode: 404, title: "Original missing");
    }

    private static Results<Ok<AmendResult>, ProblemHttpResult> Amend(CatalogReader reader, ArchiveCore archive, ClaimsPrincipal user, string id, Dictionary<string, string> changes)
    {
        var (capture, problem) = Resolve(reader, id);
        if (capture is null)
        {
            return problem!;
        }

        if (changes.Count == 0)
        {
            return TypedResults.Problem("send a JSON object of field names to new values, e.g. {\"reliability\": \"B2\"}", statusCode: 400, title: "Nothing to amend");
        }

        var events = archive.Amender.Amend(capture.Id, [.. changes], user.Identity!.Name!);
        return TypedResults.Ok(new AmendResult(capture.Id, [.. events.Select(DocumentEvent.From)]));
    }

    /// <summary>
    /// A new text for the capture from its unchanged original (<c>archive reextract</c>): 200 with the outcome when a
    /// new text was recorded or the run made the same text again; 422 when the capture's text cannot be made again
    /// (a web capture) or its original cannot be read. The earlier text stays valid either way.
    /// </summary>
    private static Results<Ok<ReextractOutcome>, ProblemHttpResult> Reextract(
        ArchiveCore archive, ClaimsPrincipal user, string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReextractBody? body, CancellationToken cancellationToken)
    {
        var (capture, problem) = Resolve(archive.Catalog, id);
        if (capture is null)
        {
            return problem!;
        }

        OcrMode? mode = body?.Ocr?.ToLowerInvariant() switch
        {
            null or "auto" => OcrMode.Auto,
            "always" => OcrMode.Always,
            "never" => OcrMode.Never,
            _ => null,
        };
        if (mode is null)
        {
            return TypedResults.Problem("ocr is auto (the default), always or never", statusCode: 400, title: "Bad OCR mode");
        }

        var request = new ReextractRequest([capture.Id.Value], user.Identity!.Name!) { Ocr = new OcrOptions(mode.Value, body?.OcrLang) };
        var outcome = archive.Reextractor.Reextract(request, null, cancellationToken).Single();
        return outcome.Status is ReextractStatus.Reextracted or ReextractStatus.Unchanged
            ? TypedResults.Ok(outcome)
            : TypedResults.Problem(outcome.Reason, statusCode: 422, title: outcome.Status == ReextractStatus.Unsupported ? "Cannot re-extract" : "Re-extraction failed");
    }

    /// <summary>
    /// Withdraws the capture (<c>archive withdraw</c>): a signed withdrawn event with the body's reason, after which
    /// searches leave it out. 200 with the event; 400 without a reason or when it is already withdrawn.
    /// </summary>
    private static Results<Ok<DocumentEvent>, ProblemHttpResult> Withdraw(ArchiveCore archive, ClaimsPrincipal user, string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] WithdrawBody? body)
    {
        var (capture, problem) = Resolve(archive.Catalog, id);
        if (capture is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(body?.Reason))
        {
            return TypedResults.Problem("send why it is withdrawn, e.g. {\"reason\": \"a duplicate of a fuller copy\"}: the log keeps the reason with the event", statusCode: 400, title: "No reason given");
        }

        Withdrawer.RequireOneVersion(id, archive.Catalog.Show(capture.Id)!);
        return TypedResults.Ok(DocumentEvent.From(archive.Withdrawer.Withdraw(capture.Id, body.Reason, user.Identity!.Name!)));
    }
}
