using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;

namespace Archive.Core.Provenance;

/// <summary>
/// A recursive-descent reader for <see cref="CanonicalJson.Scan"/>: validates RFC 8259 JSON byte by byte (UTF-8 is
/// checked beforehand) and, while the text stays canonical, checks each rule of canonical form as it passes. Written
/// out rather than built on <see cref="Utf8JsonReader"/> because verify reads every event of the log with it: this
/// costs one pass over plain loops, with no generic vector code to compile at start-up.
/// </summary>
internal ref struct CanonicalScanner<TVisitor>
    where TVisitor : struct, IJsonVisitor
{
    // Utf8JsonReader's default maximum depth: an object or array may open at depths 0 to 63.
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _json;
    private readonly ref TVisitor _visitor;
    private int _pos;

    public CanonicalScanner(ReadOnlySpan<byte> json, ref TVisitor visitor)
    {
        _json = json;
        _visitor = ref visitor;
    }

    /// <summary>Still true when no rule of canonical form has been broken so far.</summary>
    public bool Canonical { get; private set; } = true;

    /// <summary>Reads one value and nothing after it but whitespace; false when the text is not valid JSON.</summary>
    public bool ReadDocument()
    {
        SkipWhitespace();
        if (!ReadValue(0))
        {
            return false;
        }

        SkipWhitespace();
        return _pos == _json.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        // Canonical JSON has none: one comparison in the usual case.
        if (_pos < _json.Length && _json[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            SkipSomeWhitespace();
        }
    }

    private void SkipSomeWhitespace()
    {
        while (_pos < _json.Length && _json[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _pos++;
        }

        Canonical = false;
    }

    private bool ReadValue(int depth)
    {
        if (_pos >= _json.Length)
        {
            return false;
        }

        switch (_json[_pos])
        {
            case (byte)'{':
                return ReadObject(depth);
            case (byte)'[':
                return ReadArray(depth);
            case (byte)'"':
                var start = _pos + 1;
                if (!ReadString(out var escaped))
                {
                    return false;
                }

                var length = _pos - 1 - start;
                if (escaped && Canonical && !CanonicalJson.SameEscaping(_json.Slice(start, length), CanonicalJson.Unescape(_json.Slice(start, length))))
                {
                    Canonical = false;
                }

                _visitor.Value(_json, depth, JsonTokenType.String, start, length, escaped);
                return true;
            case (byte)'t':
                return ReadLiteral("true"u8, JsonTokenType.True, depth);
            case (byte)'f':
                return ReadLiteral("false"u8, JsonTokenType.False, depth);
            case (byte)'n':
                return ReadLiteral("null"u8, JsonTokenType.Null, depth);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                return ReadNumber(depth);
            default:
                return false;
        }
    }

    private bool ReadObject(int depth)
    {
        if (depth >= MaxDepth)
        {
            return false;
        }

        _visitor.Value(_json, depth, JsonTokenType.StartObject, _pos, 0, false);
        _pos++;
        SkipWhitespace();
        if (_pos < _json.Length && _json[_pos] == (byte)'}')
        {
            _pos++;
            return true;
        }

        // The previous key of this object: where its raw bytes are, and the key decoded when it is escaped or not ASCII.
        var previousStart = -1;
        var previousLength = 0;
        string? previousDecoded = null;
        while (true)
        {
            if (_pos >= _json.Length || _json[_pos] != (byte)'"')
            {
                return false;
            }

            var start = _pos + 1;
            if (!ReadString(out var escaped))
            {
                return false;
            }

            var length = _pos - 1 - start;
            if (Canonical)
            {
                KeyFollows(start, length, escaped, ref previousStart, ref previousLength, ref previousDecoded);
            }

            _visitor.Property(_json, depth + 1, start, length, escaped);
            SkipWhitespace();
            if (_pos >= _json.Length || _json[_pos] != (byte)':')
            {
                return false;
            }

            _pos++;
            SkipWhitespace();
            if (!ReadValue(depth + 1))
            {
                return false;
            }

            SkipWhitespace();
            if (_pos >= _json.Length)
            {
                return false;
            }

            if (_json[_pos] == (byte)'}')
            {
                _pos++;
                return true;
            }

            if (_json[_pos] != (byte)',')
            {
                return false;
            }

            _pos++;
            SkipWhitespace();
        }
    }

    /// <summary>
    /// Canonical keys are escaped as this writer escapes and strictly increase by UTF-16 code units (ASCII bytes
    /// order alike, so ASCII keys are compared as bytes).
    /// </summary>
    private void KeyFollows(int start, int length, bool escaped, ref int previousStart, ref int previousLength, ref string? previousDecoded)
    {
        var raw = _json.Slice(start, length);
        string? decoded = null;
        if (escaped)
        {
            decoded = CanonicalJson.Unescape(raw);
            if (!CanonicalJson.SameEscaping(raw, decoded))
            {
                Canonical = false;
                return;
            }
        }
        else if (!Ascii.IsValid(raw))
        {
            decoded = Encoding.UTF8.GetString(raw);
        }

        if (previousStart >= 0)
        {
            var previous = _json.Slice(previousStart, previousLength);
            var order = decoded is null && previousDecoded is null
                ? previous.SequenceCompareTo(raw)
                : string.CompareOrdinal(previousDecoded ?? Encoding.UTF8.GetString(previous), decoded ?? Encoding.UTF8.GetString(raw));
            if (order >= 0)
            {
                Canonical = false;
                return;
            }
        }

        previousStart = start;
        previousLength = length;
        previousDecoded = decoded;
    }

    private bool ReadArray(int depth)
    {
        if (depth >= MaxDepth)
        {
            return false;
        }

        _visitor.Value(_json, depth, JsonTokenType.StartArray, _pos, 0, false);
        _pos++;
        SkipWhitespace();
        if (_pos < _json.Length && _json[_pos] == (byte)']')
        {
            _pos++;
            return true;
        }

        while (true)
        {
            if (!ReadValue(depth + 1))
            {
                return false;
            }

            SkipWhitespace();
            if (_pos >= _json.Length)
            {
                return false;
            }

            if (_json[_pos] == (byte)']')
            {
                _pos++;
                return true;
            }

            if (_json[_pos] != (byte)',')
            {
                return false;
            }

            _pos++;
            SkipWhitespace();
        }
    }

    /// <summary>Reads a string from its opening quote to past its closing one; <paramref name="escaped"/> when it holds a backslash.</summary>
    private bool ReadString(out bool escaped)
    {
        escaped = false;
        var json = _json;
        var pos = SkipPlain(json, _pos + 1);
        while (pos < json.Length)
        {
            var b = json[pos];
            if (b == (byte)'"')
            {
                _pos = pos + 1;
                return true;
            }

            if (b < 0x20)
            {
                return false;
            }

            if (b != (byte)'\\')
            {
                pos = SkipPlain(json, pos + 1);
                continue;
            }

            escaped = true;
            if (pos + 1 >= json.Length)
            {
                return false;
            }

            switch (json[pos + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    pos += 2;
                    break;
                case (byte)'u':
                    if (pos + 5 >= json.Length || !IsHex(json[pos + 2]) || !IsHex(json[pos + 3]) || !IsHex(json[pos + 4]) || !IsHex(json[pos + 5]))
                    {
                        return false;
                    }

                    pos += 6;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The first position from <paramref name="pos"/> holding a quote, a backslash or a control character (or the
    /// end), 16 bytes at a time where the hardware allows.
    /// </summary>
    /// <remarks>
    /// Only 16-byte vectors: ReadyToRun precompiles them for any x64 or Arm64 machine, while a Vector256 or Vector512
    /// path depends on the machine's AVX support, so the precompiled image leaves this method (and the string reader
    /// it is inlined into) to the JIT at every start, which cost verify more than wider vectors save on short strings.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipPlain(ReadOnlySpan<byte> json, int pos)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)0x20);
            while (pos + Vector128<byte>.Count <= json.Length)
            {
                var chunk = Vector128.Create(json.Slice(pos, Vector128<byte>.Count));
                var stop = Vector128.Equals(chunk, quote) | Vector128.Equals(chunk, backslash) | Vector128.LessThan(chunk, space);
                if (stop != Vector128<byte>.Zero)
                {
                    return pos + BitOperations.TrailingZeroCount(stop.ExtractMostSignificantBits());
                }

                pos += Vector128<byte>.Count;
            }
        }

        while (pos < json.Length && json[pos] is not ((byte)'"' or (byte)'\\' or < 0x20))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; of integers only "-0" is not in shortest form.</summary>
    private bool ReadNumber(int depth)
    {
        var json = _json;
        var start = _pos;
        var pos = _pos;
        if (json[pos] == (byte)'-')
        {
            pos++;
        }

        if (pos >= json.Length || !IsDigit(json[pos]))
        {
            return false;
        }

        if (json[pos] == (byte)'0')
        {
            pos++;
        }
        else
        {
            while (pos < json.Length && IsDigit(json[pos]))
            {
                pos++;
            }
        }

        var integer = true;
        if (pos < json.Length && json[pos] == (byte)'.')
        {
            integer = false;
            pos++;
            if (pos >= json.Length || !IsDigit(json[pos]))
            {
                return false;
            }

            while (pos < json.Length && IsDigit(json[pos]))
            {
                pos++;
            }
        }

        if (pos < json.Length && json[pos] is (byte)'e' or (byte)'E')
        {
            integer = false;
            pos++;
            if (pos < json.Length && json[pos] is (byte)'+' or (byte)'-')
            {
                pos++;
            }

            if (pos >= json.Length || !IsDigit(json[pos]))
            {
                return false;
            }

            while (pos < json.Length && IsDigit(json[pos]))
            {
                pos++;
            }
        }

        _pos = pos;
        var length = pos - start;
        if (integer && length == 2 && json[start] == (byte)'-' && json[start + 1] == (byte)'0')
        {
            Canonical = false;
        }

        _visitor.Value(json, depth, JsonTokenType.Number, start, length, false);
        return true;
    }

    private bool ReadLiteral(ReadOnlySpan<byte> literal, JsonTokenType kind, int depth)
    {
        if (!_json[_pos..].StartsWith(literal))
        {
            return false;
        }

        _visitor.Value(_json, depth, kind, _pos, literal.Length, false);
        _pos += literal.Length;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
}
