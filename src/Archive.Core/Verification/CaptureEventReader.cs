using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>
/// A JSON value where it lies in a buffer: its token kind (<see cref="JsonTokenType.None"/> when absent), a string's
/// bytes without the quotes and whether they hold escapes, a number's or literal's bytes, or the bracket that opens an
/// object or array (its end is found when the whole value is asked for).
/// </summary>
internal readonly struct JsonSpan(byte[] buffer, JsonTokenType kind, int start, int length, bool escaped)
{
    public JsonTokenType Kind { get; } = kind;

    public bool IsString => Kind == JsonTokenType.String;

    /// <summary>The value as it is written in the JSON: a string with its quotes, an object or array whole.</summary>
    public ReadOnlySpan<byte> Raw => Kind switch
    {
        JsonTokenType.String => buffer.AsSpan(start - 1, length + 2),
        JsonTokenType.StartObject or JsonTokenType.StartArray => buffer.AsSpan(start, ContainerLength(buffer.AsSpan(start))),
        JsonTokenType.None => default,
        _ => buffer.AsSpan(start, length),
    };

    /// <summary>A string's bytes as written, escapes included, without the quotes.</summary>
    public ReadOnlySpan<byte> Written => buffer.AsSpan(start, length);

    public bool HasEscapes => escaped;

    public string RawText => Encoding.UTF8.GetString(Raw);

    /// <summary>A string's text, or null for another kind.</summary>
    public string? GetString() => !IsString ? null : escaped ? CanonicalJson.Unescape(Written) : Encoding.UTF8.GetString(Written);

    /// <summary>Whether this is a string whose text is <paramref name="utf8"/>.</summary>
    public bool ValueEquals(ReadOnlySpan<byte> utf8) =>
        IsString && (escaped ? Encoding.UTF8.GetBytes(CanonicalJson.Unescape(Written)).AsSpan().SequenceEqual(utf8) : Written.SequenceEqual(utf8));

    public bool TryGetInt64(out long value)
    {
        value = 0;
        return Kind == JsonTokenType.Number && Utf8Parser.TryParse(Written, out value, out var consumed) && consumed == length;
    }

    public bool IsInt64 => TryGetInt64(out _);

    public bool IsInt32 => TryGetInt64(out var value) && value is >= int.MinValue and <= int.MaxValue;

    public long Int64 => TryGetInt64(out var value) ? value : throw new InvalidOperationException("not an integer");

    /// <summary>The length of the object or array that opens at the start of <paramref name="json"/>, read by <see cref="CanonicalJson.Scan"/> before.</summary>
    private static int ContainerLength(ReadOnlySpan<byte> json)
    {
        var depth = 0;
        for (var i = 0; i < json.Length; i++)
        {
            switch (json[i])
            {
                case (byte)'"':
                    // The string, its escapes skipped over.
                    for (i++; json[i] != (byte)'"'; i++)
                    {
                        if (json[i] == (byte)'\\')
                        {
                            i++;
                        }
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        throw new InvalidOperationException("an object or array that does not close");
    }
}

/// <summary>A metadata field as an ingested event records it: its name, and its value and origin when present.</summary>
internal struct LoggedField
{
    public JsonSpan Name;
    public JsonSpan Value;
    public JsonSpan Origin;
    public bool IsObject;
}

/// <summary>
/// Picks out, as <see cref="CanonicalJson.Scan"/> reads one event, the members the catalog's row is made from: type,
/// time and agent at the top; data's size, media_type, original_name, source, source_version and metadata (each field's
/// value and origin) for an ingested event; data's length, bytes, pages and extractor (name, version, settings) for a
/// text-extracted one; data's field, new and origin for a metadata-amended one. Values are kept as spans of
/// <see cref="Buffer"/>, where the event starts at <see cref="Offset"/>. Written out rather than read with
/// <see cref="JsonDocument"/>, whose generic code is compiled at every start of the program.
/// </summary>
internal struct CaptureEventReader : IJsonVisitor
{
    public byte[] Buffer;
    public int Offset;

    /// <summary>The metadata fields, in <see cref="Fields"/>[0..<see cref="FieldCount"/>); the array is the caller's, grown here.</summary>
    public LoggedField[] Fields;
    public int FieldCount;

    public bool RootIsObject;
    public bool DataIsObject;
    public bool MetadataIsObject;
    public bool ExtractorIsObject;
    public JsonSpan Type;
    public JsonSpan Time;
    public JsonSpan Agent;
    public JsonSpan Size;
    public JsonSpan MediaType;
    public JsonSpan OriginalName;
    public JsonSpan Source;
    public JsonSpan SourceVersion;
    public JsonSpan Length;
    public JsonSpan Bytes;
    public JsonSpan Pages;
    public JsonSpan ExtractorName;
    public JsonSpan ExtractorVersion;
    public JsonSpan ExtractorSettings;
    public JsonSpan Field;
    public JsonSpan New;
    public JsonSpan Origin;

    private bool _started;
    private Member _top;
    private Member _data;
    private Member _inner;
    private Member _inField;

    private enum Member
    {
        Other,
        Type,
        Time,
        Agent,
        Data,
        Size,
        MediaType,
        OriginalName,
        Source,
        SourceVersion,
        Metadata,
        Length,
        Bytes,
        Pages,
        Extractor,
        Field,
        New,
        Origin,
        Name,
        Version,
        Settings,
        Value,
    }

    /// <summary>Whether every metadata field is an object with a value and a string origin.</summary>
    public readonly bool FieldsComplete
    {
        get
        {
            for (var i = 0; i < FieldCount; i++)
            {
                if (!Fields[i].IsObject || Fields[i].Value.Kind == JsonTokenType.None || !Fields[i].Origin.IsString)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public void Property(ReadOnlySpan<byte> json, int depth, int start, int length, bool escaped)
    {
        // Escaped member names are never canonical for these ASCII names, so they need not be decoded to match.
        var name = escaped ? default : json.Slice(start, length);
        switch (depth)
        {
            case 1:
                _top = name.Length switch
                {
                    4 when name.SequenceEqual("type"u8) => Member.Type,
                    4 when name.SequenceEqual("time"u8) => Member.Time,
                    4 when name.SequenceEqual("data"u8) => Member.Data,
                    5 when name.SequenceEqual("agent"u8) => Member.Agent,
                    _ => Member.Other,
                };
                break;
            case 2 when _top == Member.Data && DataIsObject:
                _data = name.Length switch
                {
                    3 when name.SequenceEqual("new"u8) => Member.New,
                    4 when name.SequenceEqual("size"u8) => Member.Size,
                    5 when name.SequenceEqual("bytes"u8) => Member.Bytes,
                    5 when name.SequenceEqual("field"u8) => Member.Field,
                    5 when name.SequenceEqual("pages"u8) => Member.Pages,
                    6 when name.SequenceEqual("length"u8) => Member.Length,
                    6 when name.SequenceEqual("origin"u8) => Member.Origin,
                    6 when name.SequenceEqual("source"u8) => Member.Source,
                    8 when name.SequenceEqual("metadata"u8) => Member.Metadata,
                    9 when name.SequenceEqual("extractor"u8) => Member.Extractor,
                    10 when name.SequenceEqual("media_type"u8) => Member.MediaType,
                    13 when name.SequenceEqual("original_name"u8) => Member.OriginalName,
                    14 when name.SequenceEqual("source_version"u8) => Member.SourceVersion,
                    _ => Member.Other,
                };
                break;
            case 3 when _top == Member.Data && _data == Member.Metadata && MetadataIsObject:
                // A field's name, whatever it is: its value (an object) follows.
                if (FieldCount == Fields.Length)
                {
                    Array.Resize(ref Fields, Math.Max(8, 2 * Fields.Length));
                }

                Fields[FieldCount++] = new LoggedField { Name = Take(JsonTokenType.String, start, length, escaped) };
                _inField = Member.Other;
                break;
            case 3 when _top == Member.Data && _data == Member.Extractor && ExtractorIsObject:
                _inner = name.Length switch
                {
                    4 when name.SequenceEqual("name"u8) => Member.Name,
                    7 when name.SequenceEqual("version"u8) => Member.Version,
                    8 when name.SequenceEqual("settings"u8) => Member.Settings,
                    _ => Member.Other,
                };
                break;
            case 4 when _top == Member.Data && _data == Member.Metadata && MetadataIsObject && FieldCount > 0 && Fields[FieldCount - 1].IsObject:
                _inField = name.Length switch
                {
                    5 when name.SequenceEqual("value"u8) => Member.Value,
                    6 when name.SequenceEqual("origin"u8) => Member.Origin,
                    _ => Member.Other,
                };
                break;
        }
    }

    public void Value(ReadOnlySpan<byte> json, int depth, JsonTokenType kind, int start, int length, bool escaped)
    {
        if (!_started)
        {
            _started = true;
            RootIsObject = kind == JsonTokenType.StartObject;
            return;
        }

        // A value (or the start of one) at a depth belongs to the member name read last at that depth.
        var value = Take(kind, start, length, escaped);
        switch (depth)
        {
            case 1:
                switch (_top)
                {
                    case Member.Type:
                        Type = value;
                        break;
                    case Member.Time:
                        Time = value;
                        break;
                    case Member.Agent:
                        Agent = value;
                        break;
                    case Member.Data:
                        DataIsObject = kind == JsonTokenType.StartObject;
                        _data = Member.Other;
                        return;
                }

                _top = Member.Other;
                break;
            case 2 when _top == Member.Data && DataIsObject:
                switch (_data)
                {
                    case Member.Size:
                        Size = value;
                        break;
                    case Member.MediaType:
                        MediaType = value;
                        break;
                    case Member.OriginalName:
                        OriginalName = value;
                        break;
                    case Member.Source:
                        Source = value;
                        break;
                    case Member.SourceVersion:
                        SourceVersion = value;
                        break;
                    case Member.Length:
                        Length = value;
                        break;
                    case Member.Bytes:
                        Bytes = value;
                        break;
                    case Member.Pages:
                        Pages = value;
                        break;
                    case Member.Field:
                        Field = value;
                        break;
                    case Member.New:
                        New = value;
                        break;
                    case Member.Origin:
                        Origin = value;
                        break;
                    case Member.Metadata:
                        MetadataIsObject = kind == JsonTokenType.StartObject;
                        return;
                    case Member.Extractor:
                        ExtractorIsObject = kind == JsonTokenType.StartObject;
                        _inner = Member.Other;
                        return;
                }

                _data = Member.Other;
                break;
            case 3 when _top == Member.Data && _data == Member.Metadata && MetadataIsObject && FieldCount > 0:
                Fields[FieldCount - 1].IsObject = kind == JsonTokenType.StartObject;
                break;
            case 3 when _top == Member.Data && _data == Member.Extractor && ExtractorIsObject:
                switch (_inner)
                {
                    case Member.Name:
                        ExtractorName = value;
                        break;
                    case Member.Version:
                        ExtractorVersion = value;
                        break;
                    case Member.Settings:
                        ExtractorSettings = value;
                        break;
                }

                _inner = Member.Other;
                break;
            case 4 when _top == Member.Data && _data == Member.Metadata && MetadataIsObject && FieldCount > 0 && Fields[FieldCount - 1].IsObject:
                switch (_inField)
                {
                    case Member.Value:
                        Fields[FieldCount - 1].Value = value;
                        break;
                    case Member.Origin:
                        Fields[FieldCount - 1].Origin = value;
                        break;
                }

                _inField = Member.Other;
                break;
        }
    }

    private readonly JsonSpan Take(JsonTokenType kind, int start, int length, bool escaped) => new(Buffer, kind, Offset + start, length, escaped);
}
