using System.Text.Json.Serialization;
using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Export.Bag;
using Archive.Core.Export.Wacz;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Security;
using Archive.Core.Verification;
using Archive.Core.Versions;

namespace Archive.Cli.Json;

/// <summary>
/// Every type the CLI writes as JSON, made by the source generator so that no reflection is needed (the CLI is to be
/// compiled ahead of time). The shape (snake_case names, kebab-case enums, nulls left out) is not set here: it comes
/// from <c>ArchiveJson.Create(CliJsonContext.Default)</c> at run time, as for the web host. A type written without
/// being listed here throws <see cref="NotSupportedException"/> rather than falling back to reflection.
/// </summary>
// The CLI's own reports.
[JsonSerializable(typeof(FailureJson))]
[JsonSerializable(typeof(ServeJson))]
[JsonSerializable(typeof(InitJson))]
[JsonSerializable(typeof(IngestJson))]
[JsonSerializable(typeof(ReextractJson))]
[JsonSerializable(typeof(ReindexJson))]
[JsonSerializable(typeof(EmbedJson))]
[JsonSerializable(typeof(EvalJson))]
[JsonSerializable(typeof(List<EvalJson>))]
[JsonSerializable(typeof(QuarantineJson))]
[JsonSerializable(typeof(List<LogEntryJson>))]
[JsonSerializable(typeof(ConsistencyJson))]
[JsonSerializable(typeof(CheckpointJson))]
[JsonSerializable(typeof(GeneratedKeyJson))]
[JsonSerializable(typeof(TokenJson))]
[JsonSerializable(typeof(List<TokenJson>))]
[JsonSerializable(typeof(BriefBuildJson))]
[JsonSerializable(typeof(PackVerificationJson))]
// Core's reports, written as they are.
[JsonSerializable(typeof(AmendResult))]
[JsonSerializable(typeof(AuditReport))]
[JsonSerializable(typeof(BagReport))]
[JsonSerializable(typeof(BriefReport))]
[JsonSerializable(typeof(CaptureReport))]
[JsonSerializable(typeof(DocumentDetail))]
[JsonSerializable(typeof(DocumentEvent))]
[JsonSerializable(typeof(DocumentPage))]
[JsonSerializable(typeof(DocumentPassage))]
[JsonSerializable(typeof(ExportResult))]
[JsonSerializable(typeof(IssuedToken))]
[JsonSerializable(typeof(KeyChangeInfo))]
[JsonSerializable(typeof(KeyInfo))]
[JsonSerializable(typeof(ProofInfo))]
[JsonSerializable(typeof(RelatedResponse))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(TimestampInfo))]
[JsonSerializable(typeof(VersionDiff))]
[JsonSerializable(typeof(WaczReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
