using Microsoft.AspNetCore.Http.Metadata;

namespace Archive.Web.Hosting;

/// <summary>
/// Routing answers a request whose Content-Type no endpoint of its path accepts with a 415 endpoint of its own, chosen
/// before authorization runs: an anonymous POST of XML to a write path learned 415, not 401. With the endpoints'
/// accepted types taken out of routing's sight, the request reaches its endpoint, authorization runs first, and the
/// endpoint's own check of the body answers 415 (a JSON body's binding, or the handler's reading of a brief).
/// </summary>
internal static class BodyTypes
{
    /// <summary>A last convention for every endpoint: drops what it accepts from the metadata routing matches on.</summary>
    public static void CheckedAfterAuthorization(EndpointBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        foreach (var accepts in endpoint.Metadata.OfType<IAcceptsMetadata>().ToList())
        {
            endpoint.Metadata.Remove(accepts);
        }
    }

    /// <summary>
    /// A 415 with nothing said comes from binding a JSON body (the upload and the briefs say what they take
    /// themselves): it says so.
    /// </summary>
    public static void ExplainUnsupported(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
        {
            context.ProblemDetails.Detail = "send the body as JSON, with Content-Type: application/json";
        }
    }
}
