using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Archive.Core.Provenance;
using Archive.Core.Verification;

namespace Archive.Cli.Commands;

/// <summary>
/// Writes <c>archive verify --json</c>: the bytes <see cref="JsonSerializer"/> writes for a <see cref="VerifyReport"/>
/// under <see cref="Archive.Core.ArchiveJson.Options"/> (snake_case, nulls left out, indented, UTF-8 text unescaped),
/// written member by member.
/// </summary>
/// <remarks>
/// The serializer builds its view of each record by reflection on first use, code the precompiled (ReadyToRun) CLI
/// leaves to the JIT: that set-up cost a verify of an empty archive about a fifth of its CPU time. The tests compare this
/// writer's output with the serializer's and fail when either record gains a member this writer does not know.
/// </remarks>
internal static class VerifyReportJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(VerifyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", report.Ok);
            json.WriteNumber("ok_items", report.OkItems);
            json.WriteStartArray("problems");
            foreach (var problem in report.Problems)
            {
                Item(json, problem);
            }

            json.WriteEndArray();
            json.WriteNumber("blobs_checked", report.BlobsChecked);
            json.WriteNumber("bytes_hashed", report.BytesHashed);
            json.WriteNumber("events", report.Events);
            json.WriteNumber("checkpoints", report.Checkpoints);
            OptionalString(json, "root", report.Root);
            json.WriteNumber("seconds", report.Seconds);
            json.WriteNumber("mb_per_second", report.MbPerSecond);
            OptionalNumber(json, "recorded_at_index", report.RecordedAtIndex);
            json.WriteStartArray("trust");
            foreach (var trust in report.Trust)
            {
                Trust(json, trust);
            }

            json.WriteEndArray();
            json.WriteStartArray("timestamps");
            foreach (var stamp in report.Timestamps)
            {
                Timestamp(json, stamp);
            }

            json.WriteEndArray();
            OptionalString(json, "not_recorded", report.NotRecorded);
            if (report.Vectors is { } vectors)
            {
                Vectors(json, vectors);
            }

            json.WriteStartArray("phases");
            foreach (var phase in report.Phases)
            {
                json.WriteStartObject();
                json.WriteString("name", phase.Name);
                json.WriteNumber("seconds", phase.Seconds);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Item(Utf8JsonWriter json, VerificationItem item)
    {
        json.WriteStartObject();
        json.WriteString("kind", item.Kind);
        json.WriteString("status", item.Status);
        OptionalString(json, "id", item.Id);
        OptionalString(json, "title", item.Title);
        OptionalString(json, "path", item.Path);
        OptionalString(json, "expected", item.Expected);
        OptionalString(json, "actual", item.Actual);
        OptionalNumber(json, "log_index", item.LogIndex);
        OptionalString(json, "detail", item.Detail);
        json.WriteEndObject();
    }

    private static void Trust(Utf8JsonWriter json, TrustItem trust)
    {
        json.WriteStartObject();
        json.WriteString("folder", trust.Folder);
        OptionalNumber(json, "size", trust.Size);
        OptionalString(json, "root", trust.Root);
        json.WriteString("status", trust.Status);
        json.WriteString("key", trust.Key);
        json.WriteString("message", trust.Message);
        Strings(json, "witnesses", trust.Witnesses);
        OptionalString(json, "timestamped_at", trust.TimestampedAt);
        json.WriteBoolean("is_ok", trust.IsOk);
        json.WriteEndObject();
    }

    private static void Timestamp(Utf8JsonWriter json, TimestampInfo stamp)
    {
        json.WriteStartObject();
        json.WriteNumber("checkpoint_size", stamp.CheckpointSize);
        json.WriteString("checkpoint_root", stamp.CheckpointRoot);
        json.WriteString("tsa", stamp.Tsa);
        OptionalString(json, "tsa_subject", stamp.TsaSubject);
        OptionalString(json, "gen_time", stamp.GenTime);
        OptionalString(json, "serial", stamp.Serial);
        json.WriteString("status", stamp.Status);
        json.WriteString("message", stamp.Message);
        OptionalNumber(json, "event_index", stamp.EventIndex);
        json.WriteBoolean("is_ok", stamp.IsOk);
        json.WriteEndObject();
    }

    private static void Vectors(Utf8JsonWriter json, VectorsSummary vectors)
    {
        json.WriteStartObject("vectors");
        json.WriteString("model", vectors.Model);
        json.WriteNumber("embedded", vectors.Embedded);
        json.WriteNumber("chunks", vectors.Chunks);
        json.WriteNumber("lexical", vectors.Lexical);
        json.WriteNumber("waiting", vectors.Waiting);
        Strings(json, "broken", vectors.Broken);
        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary>A string member, left out when null as the serializer's options do.</summary>
    private static void OptionalString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>A number member, left out when null as the serializer's options do.</summary>
    private static void OptionalNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
