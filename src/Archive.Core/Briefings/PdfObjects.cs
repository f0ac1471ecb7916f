using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Core.Briefings;

/// <summary>
/// The objects of a PDF, found through its cross-reference chain newest section first (following <c>/Prev</c>, and
/// <c>/XRefStm</c> in a hybrid file): classic xref tables and cross-reference streams, objects stored plainly or inside
/// object streams (ISO 32000-1, 7.5.4 to 7.5.8). Enough to read back what <see cref="PdfAttachments"/> embeds, also
/// after a PDF tool re-saved the file (qpdf --qdf, --linearize, --object-streams=generate); no general PDF parser: it
/// reads no encrypted file and no filter but FlateDecode, and looks entries up by pattern, not by parsing objects.
/// </summary>
internal readonly ref partial struct PdfObjects
{
    /// <summary>The most a cross-reference stream or an object stream may inflate to.</summary>
    private const int MaxStructure = 16 << 20;

    private static readonly char[] Whitespace = [' ', '\t', '\r', '\n', '\f', '\0'];

    private readonly ReadOnlySpan<byte> _pdf;
    private readonly Dictionary<int, long> _offsets = [];
    private readonly Dictionary<int, (int Stream, int Index)> _compressed = [];

    /// <summary>Reads the cross-reference chain that the last <c>startxref</c> of <paramref name="pdf"/> starts.</summary>
    public PdfObjects(ReadOnlySpan<byte> pdf)
    {
        _pdf = pdf;
        var tail = Encoding.Latin1.GetString(pdf[^Math.Min(4096, pdf.Length)..]);
        var startxref = StartXrefKeyword().Matches(tail);
        StartXref = startxref.Count > 0 ? Number(startxref[^1].Groups[1].Value) : throw Broken("the PDF has no startxref");
        var trailers = new List<string>();
        var seen = new HashSet<long>();
        for (long? section = StartXref; section is { } at && seen.Add(at);)
        {
            var trailer = ReadSection(at, out var classic);
            if (trailers.Count == 0)
            {
                IsClassic = classic;
            }

            trailers.Add(trailer);
            // A hybrid file lists the objects it keeps in object streams in a cross-reference stream beside its table.
            if (classic && Integer(trailer, "XRefStm") is { } stream)
            {
                ReadSection(stream, out _);
            }

            section = Integer(trailer, "Prev");
        }

        Trailer = trailers[0];
        // A linearized file's last trailer (/Prev-less, at the end) has no /Root: its first-page trailer does.
        Root = trailers.Select(t => RootEntry().Match(t)).FirstOrDefault(m => m.Success) is { } root
            ? (Number(root.Groups[1].Value), Number(root.Groups[2].Value))
            : null;
        IsEncrypted = trailers.Any(t => Value(t, "Encrypt") is not null);
    }

    /// <summary>The offset the last <c>startxref</c> gives: the newest cross-reference section.</summary>
    public long StartXref { get; }

    /// <summary>The newest section's trailer dictionary (of a cross-reference stream: the stream's dictionary).</summary>
    public string Trailer { get; }

    /// <summary>Whether the newest section is a classic xref table with a <c>trailer</c>.</summary>
    public bool IsClassic { get; }

    /// <summary>The catalog's object number and generation, from the newest trailer that names it.</summary>
    public (int Number, int Generation)? Root { get; }

    /// <summary>Whether a trailer has <c>/Encrypt</c>: strings and streams are then encrypted and cannot be read here.</summary>
    public bool IsEncrypted { get; }

    /// <summary>The text between <c>N G obj</c> and <c>endobj</c> of a non-stream object, or of its place in an object stream.</summary>
    public string ObjectBody(int number)
    {
        if (_offsets.TryGetValue(number, out var at))
        {
            var rest = Text(at, 1 << 16);
            var header = ObjectHeader().Match(rest);
            var close = rest.IndexOf("endobj", StringComparison.Ordinal);
            return !header.Success || Number(header.Groups[1].Value) != number || close < header.Length
                ? throw Broken($"object {number} is not where the xref says")
                : rest[header.Length..close].Trim();
        }

        return _compressed.TryGetValue(number, out var place)
            ? CompressedBody(number, place.Stream, place.Index)
            : throw Broken($"object {number} is not in the PDF's cross-reference table");
    }

    /// <summary>The dictionary of stream object <paramref name="number"/> and where its (still encoded) data lies.</summary>
    public (string Dictionary, int Start, int Length) Stream(int number) =>
        _offsets.TryGetValue(number, out var at) ? StreamAt(at) : throw Broken($"stream object {number} is not in the PDF's cross-reference table");

    /// <summary>A stream's data decoded: as stored when it has no filter, else inflated (FlateDecode) up to <paramref name="max"/> bytes.</summary>
    public byte[] Decode((string Dictionary, int Start, int Length) stream, int max)
    {
        var data = _pdf.Slice(stream.Start, stream.Length);
        if (Value(stream.Dictionary, "Filter") is not { } filter)
        {
            return data.ToArray();
        }

        if (filter.Trim('[', ']').Trim() != "/FlateDecode")
        {
            throw Broken($"a stream is encoded with {filter}, and only FlateDecode is read");
        }

        var inflated = Inflate(data.ToArray(), max);
        var predictor = Integer(stream.Dictionary, "Predictor") ?? 1;
        return predictor switch
        {
            1 => inflated,
            >= 10 and <= 15 => Unpredict(inflated, stream.Dictionary),
            _ => throw Broken($"a stream uses predictor {predictor}, and only the PNG predictors are read"),
        };
    }

    private static ArchiveException Broken(string message) => new(ArchiveErrorKind.RenderFailed, message);

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw Broken($"'{text}' is not a number the PDF reader accepts");

    /// <summary>The value written after <c>/key</c> in a dictionary: a reference, number, name or array (a dictionary value is not returned).</summary>
    private static string? Value(string dictionary, string key) =>
        Entry().Matches(dictionary).FirstOrDefault(m => m.Groups[1].Value == key)?.Groups[2].Value;

    /// <summary>The integer after <c>/key</c>, null when the key is missing or holds something else (a reference, say).</summary>
    private static int? Integer(string dictionary, string key) =>
        Value(dictionary, key) is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static int[] Integers(string array) =>
        [.. array.Trim('[', ']').Split(Whitespace, StringSplitOptions.RemoveEmptyEntries).Select(Number)];

    private string Text(long at, int max) =>
        at < 0 || at >= _pdf.Length ? throw Broken($"offset {at} is outside the PDF") : Encoding.Latin1.GetString(_pdf.Slice((int)at, (int)Math.Min(max, _pdf.Length - at)));

    /// <summary>Records the in-use entries of the section at <paramref name="at"/> that no newer section gave, and returns its trailer.</summary>
    private string ReadSection(long at, out bool classic)
    {
        var start = Text(at, 64);
        classic = start.TrimStart().StartsWith("xref", StringComparison.Ordinal);
        if (!classic)
        {
            var stream = StreamAt(at);
            if (Value(stream.Dictionary, "Type") != "/XRef")
            {
                throw Broken($"offset {at} holds neither an xref table nor a cross-reference stream");
            }

            ReadStreamEntries(stream.Dictionary, Decode(stream, MaxStructure));
            return stream.Dictionary;
        }

        var trailerAt = _pdf[(int)at..].IndexOf("trailer"u8);
        if (trailerAt < 0)
        {
            throw Broken($"the xref table at offset {at} has no trailer");
        }

        var table = Text(at, trailerAt).TrimStart()["xref".Length..]
            .Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < table.Length;)
        {
            var (first, count) = (Number(table[i]), Number(table[i + 1]));
            i += 2;
            for (var n = 0; n < count; n++, i += 3)
            {
                if (i + 2 >= table.Length)
                {
                    throw Broken($"the xref table at offset {at} ends inside a subsection");
                }

                if (table[i + 2] == "n")
                {
                    _offsets.TryAdd(first + n, long.Parse(table[i], NumberStyles.None, CultureInfo.InvariantCulture));
                }
            }
        }

        var trailer = Text(at + trailerAt, 1 << 16);
        var open = trailer.IndexOf("<<", StringComparison.Ordinal);
        var close = open < 0 ? -1 : DictionaryEnd(trailer, open);
        return close < 0 ? throw Broken($"the trailer at offset {at + trailerAt} has no dictionary") : trailer[open..close];
    }

    /// <summary>The rows of a cross-reference stream: type 1 an offset, type 2 an object stream and index (7.5.8.3).</summary>
    private void ReadStreamEntries(string dictionary, byte[] rows)
    {
        var widths = Value(dictionary, "W") is { } w ? Integers(w) : throw Broken("a cross-reference stream has no /W");
        var size = Integer(dictionary, "Size") ?? throw Broken("a cross-reference stream has no /Size");
        var index = Value(dictionary, "Index") is { } i ? Integers(i) : [0, size];
        if (widths.Length != 3 || widths.Any(x => x > 8) || index.Length % 2 != 0)
        {
            throw Broken("a cross-reference stream's /W or /Index is malformed");
        }

        var row = widths.Sum();
        if (row == 0)
        {
            throw Broken("a cross-reference stream's /W gives its rows no bytes");
        }

        var at = 0;
        for (var section = 0; section < index.Length; section += 2)
        {
            for (var number = index[section]; number < index[section] + index[section + 1]; number++, at += row)
            {
                if (at + row > rows.Length)
                {
                    throw Broken("a cross-reference stream is shorter than its /Index says");
                }

                var fields = rows.AsSpan(at, row);
                var type = widths[0] == 0 ? 1 : Field(fields[..widths[0]]);
                var second = Field(fields.Slice(widths[0], widths[1]));
                var third = Field(fields[(widths[0] + widths[1])..]);
                if (type == 1 && !_compressed.ContainsKey(number))
                {
                    _offsets.TryAdd(number, second);
                }
                else if (type == 2 && !_offsets.ContainsKey(number))
                {
                    _compressed.TryAdd(number, ((int)second, (int)third));
                }
            }
        }
    }

    private static long Field(ReadOnlySpan<byte> bytes)
    {
        var value = 0L;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Object <paramref name="number"/>, the <paramref name="index"/>-th of object stream <paramref name="stream"/> (7.5.7).</summary>
    private string CompressedBody(int number, int stream, int index)
    {
        var objects = Stream(stream);
        if (Value(objects.Dictionary, "Type") != "/ObjStm")
        {
            throw Broken($"object {stream}, which the xref says holds object {number}, is not an object stream");
        }

        var text = Encoding.Latin1.GetString(Decode(objects, MaxStructure));
        var count = Integer(objects.Dictionary, "N") ?? throw Broken($"object stream {stream} has no /N");
        var first = Integer(objects.Dictionary, "First") ?? throw Broken($"object stream {stream} has no /First");
        var pairs = Integers(text[..Math.Min(first, text.Length)]);
        if (index >= count || pairs.Length < 2 * count || pairs[2 * index] != number)
        {
            throw Broken($"object {number} is not at index {index} of object stream {stream}");
        }

        var from = first + pairs[(2 * index) + 1];
        var to = index + 1 < count ? first + pairs[(2 * index) + 3] : text.Length;
        return from > to || to > text.Length ? throw Broken($"object stream {stream} gives object {number} no place") : text[from..to].Trim();
    }

    /// <summary>The stream object at <paramref name="at"/>: its dictionary, and its data as <c>/Length</c> (direct or indirect) gives it.</summary>
    private (string Dictionary, int Start, int Length) StreamAt(long at)
    {
        var head = Text(at, 1 << 16);
        var header = ObjectHeader().Match(head);
        var open = header.Success ? head.IndexOf("<<", header.Length, StringComparison.Ordinal) : -1;
        var close = open < 0 || !string.IsNullOrWhiteSpace(head[header.Length..open]) ? -1 : DictionaryEnd(head, open);
        var keyword = close < 0 ? null : StreamKeyword().Match(head, close);
        if (keyword is not { Success: true })
        {
            throw Broken($"offset {at} holds no stream object");
        }

        var dictionary = head[open..close];
        var length = Value(dictionary, "Length") is { } value && LengthReference().Match(value) is { Success: true } reference
            ? IndirectLength(Number(reference.Groups[1].Value))
            : Integer(dictionary, "Length") ?? throw Broken($"stream object {header.Groups[1].Value} has no /Length");
        var start = at + keyword.Index + keyword.Length;
        // A wrong /Length (a reference taken for a number, say) would return other bytes as the stream's.
        if (start + length > _pdf.Length || !EndStream().IsMatch(Text(start + length, 32)))
        {
            throw Broken($"stream object {header.Groups[1].Value} does not end where its /Length says");
        }

        return (dictionary, (int)start, length);
    }

    /// <summary>A stream's length kept in its own object, which may not sit in an object stream (7.5.7).</summary>
    private int IndirectLength(int number) =>
        _offsets.ContainsKey(number) ? Number(ObjectBody(number)) : throw Broken($"the /Length object {number} is not in the PDF's cross-reference table");

    /// <summary>The index just past the <c>&gt;&gt;</c> that closes the dictionary opened at <paramref name="open"/>, or -1.</summary>
    private static int DictionaryEnd(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    i = StringEnd(text, i);
                    break;
                case '<' when i + 1 < text.Length && text[i + 1] == '<':
                    depth++;
                    i++;
                    break;
                case '>' when i + 1 < text.Length && text[i + 1] == '>':
                    depth--;
                    i++;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }

    /// <summary>The index of the <c>)</c> that closes the literal string opened at <paramref name="open"/> (nested, escaped).</summary>
    private static int StringEnd(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i;
            }
        }

        return text.Length;
    }

    private static byte[] Inflate(byte[] compressed, int max)
    {
        try
        {
            using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (output.Length + read > max)
                {
                    throw Broken($"a stream inflates to more than {max} bytes");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            throw Broken("a FlateDecode stream is not valid zlib data");
        }
    }

    /// <summary>Undoes the PNG predictors (None, Sub, Up, Average, Paeth; ISO 32000-1 7.4.4.4, RFC 2083 6) row by row.</summary>
    private static byte[] Unpredict(byte[] data, string dictionary)
    {
        var colors = Integer(dictionary, "Colors") ?? 1;
        var bits = Integer(dictionary, "BitsPerComponent") ?? 8;
        var columns = Integer(dictionary, "Columns") ?? 1;
        var pixel = Math.Max(1, colors * bits / 8);
        var width = ((colors * bits * columns) + 7) / 8;
        if (width <= 0 || data.Length % (width + 1) != 0)
        {
            throw Broken("a predicted stream's length is not a whole number of rows");
        }

        var output = new byte[data.Length / (width + 1) * width];
        for (var row = 0; row < output.Length / width; row++)
        {
            var filter = data[row * (width + 1)];
            var input = data.AsSpan((row * (width + 1)) + 1, width);
            var current = output.AsSpan(row * width, width);
            var above = row == 0 ? new byte[width] : output.AsSpan((row - 1) * width, width);
            for (var i = 0; i < width; i++)
            {
                int left = i >= pixel ? current[i - pixel] : 0;
                int up = above[i];
                int corner = i >= pixel ? above[i - pixel] : 0;
                current[i] = (byte)(input[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, corner),
                    _ => throw Broken($"a predicted stream's row uses PNG filter {filter}"),
                });
            }
        }

        return output;
    }

    private static int Paeth(int left, int up, int corner)
    {
        var estimate = left + up - corner;
        var (toLeft, toUp, toCorner) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - corner));
        return toLeft <= toUp && toLeft <= toCorner ? left : toUp <= toCorner ? up : corner;
    }

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXrefKeyword();

    [GeneratedRegex(@"/Root\s+(\d+)\s+(\d+)\s+R")]
    private static partial Regex RootEntry();

    [GeneratedRegex(@"\A\s*(\d+)\s+\d+\s+obj\b")]
    private static partial Regex ObjectHeader();

    [GeneratedRegex(@"\G\s*stream(\r\n|\n)")]
    private static partial Regex StreamKeyword();

    [GeneratedRegex(@"\A\s*endstream\b")]
    private static partial Regex EndStream();

    [GeneratedRegex(@"\A(\d+)\s+\d+\s+R\z")]
    private static partial Regex LengthReference();

    /// <summary>A key and a simple value: a reference, an integer, a name or an array without nested arrays.</summary>
    [GeneratedRegex(@"/([A-Za-z0-9]+)\s*(\d+\s+\d+\s+R\b|-?\d+(?:\.\d*)?|/[^\s/<>\[\]()]+|\[[^\[\]]*\])")]
    private static partial Regex Entry();
}
