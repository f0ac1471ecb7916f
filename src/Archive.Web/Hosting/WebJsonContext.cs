using System.Text.Json.Serialization;
using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Pages;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;
using Archive.Core.Verification;
using Archive.Core.Versions;
using Archive.Web.Contracts;

namespace Archive.Web.Hosting;

/// <summary>
/// Every type the HTTP API writes or reads as JSON, with metadata made at compile time. The HTTP JSON options resolve
/// types from this context and ASP.NET's own contexts for
/// ProblemDetails and OpenAPI, never by reflection: the host runs compiled ahead of time, and a type missing here fails
/// the web tests instead of being written by reflection. The shape (names, enums, nulls) is
/// <see cref="Archive.Core.ArchiveJson"/>'s, applied to the options, not set here.
/// </summary>
// What the endpoints answer with (Ok, Created, Json).
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(DocumentPage))]
[JsonSerializable(typeof(DocumentDetail))]
[JsonSerializable(typeof(DocumentPassage))]
[JsonSerializable(typeof(DocumentCitation))]
[JsonSerializable(typeof(DocumentMatches))]
[JsonSerializable(typeof(RelatedResponse))]
[JsonSerializable(typeof(DocumentPages))]
[JsonSerializable(typeof(VersionDiff))]
[JsonSerializable(typeof(UploadResult))]
[JsonSerializable(typeof(AmendResult))]
[JsonSerializable(typeof(ReextractOutcome))]
[JsonSerializable(typeof(DocumentEvent))]
[JsonSerializable(typeof(CaptureReport))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(List<CheckpointInfo>))]
[JsonSerializable(typeof(ProofInfo))]
[JsonSerializable(typeof(BriefReport))]
[JsonSerializable(typeof(List<PackInfo>))]
[JsonSerializable(typeof(PackVerifyReport))]
// What they read from a JSON body.
[JsonSerializable(typeof(CaptureBody))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ReextractBody))]
[JsonSerializable(typeof(WithdrawBody))]
// The route and query parameters' types, which the OpenAPI document describes from their JSON metadata.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(long?))]
[JsonSerializable(typeof(bool?))]
// ProblemDetails extensions are objects, each written as its runtime type: what the endpoints put in them (strings
// and ints above).
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(List<CaptureId>))]
[JsonSerializable(typeof(List<BriefProblemInfo>))]
[JsonSerializable(typeof(List<BriefCitationInfo>))]
// Metadata only: the generated fast path runs only under the options it was generated with (no converters, encoder
// or naming policy), and ArchiveJson's are not those.
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
internal sealed partial class WebJsonContext : JsonSerializerContext;
