using System.Text.Json;

namespace Archive.Core.Ingestion.Layout;

/// <summary>
/// Where every word of a canonical text sits on its page: the derived item that lets a code-point range be shown on
/// the original. Stored beside the text as compact JSON (<see cref="Format"/>), content-addressed, and named by the
/// text-extracted event.
/// </summary>
/// <param name="TextSha256">The canonical text these offsets count into (<c>sha256:…</c>), or null before it is stored.</param>
/// <param name="Words">In text order: <see cref="LayoutWord.Start"/> never decreases.</param>
internal sealed record TextLayout(string? TextSha256, IReadOnlyList<LayoutPage> Pages, IReadOnlyList<LayoutWord> Words)
{
    public const string Format = "archive-text-layout/1";

    /// <summary>Deterministic JSON: fixed key order, coordinates to two decimals, each word as <c>[start, end, page, line, x0, y0, x1, y1]</c>.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            if (TextSha256 is not null)
            {
                json.WriteString("text", TextSha256);
            }

            json.WriteStartArray("pages");
            foreach (var page in Pages)
            {
                json.WriteStartObject();
                json.WriteNumber("page", page.Number);
                json.WriteNumber("width", Round(page.Width));
                json.WriteNumber("height", Round(page.Height));
                json.WriteString("unit", page.Unit);
                json.WriteString("source", page.Source);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("words");
            foreach (var word in Words)
            {
                json.WriteStartArray();
                json.WriteNumberValue(word.Start);
                json.WriteNumberValue(word.End);
                json.WriteNumberValue(word.Page);
                json.WriteNumberValue(word.Line);
                json.WriteNumberValue(Round(word.Box.X0));
                json.WriteNumberValue(Round(word.Box.Y0));
                json.WriteNumberValue(Round(word.Box.X1));
                json.WriteNumberValue(Round(word.Box.Y1));
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="ArchiveException">Not a text layout of this format (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public static TextLayout Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != Format)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"text layout is not {Format}");
            }

            var text = root.TryGetProperty("text", out var t) ? t.GetString() : null;
            var pages = root.GetProperty("pages").EnumerateArray()
                .Select(p => new LayoutPage(
                    p.GetProperty("page").GetInt32(), p.GetProperty("width").GetDouble(), p.GetProperty("height").GetDouble(),
                    p.GetProperty("unit").GetString()!, p.GetProperty("source").GetString()!))
                .ToList();
            var words = root.GetProperty("words").EnumerateArray()
                .Select(w => new LayoutWord(
                    w[0].GetInt32(), w[1].GetInt32(), w[2].GetInt32(), w[3].GetInt32(),
                    new LayoutBox(w[4].GetDouble(), w[5].GetDouble(), w[6].GetDouble(), w[7].GetDouble())))
                .ToList();
            return new TextLayout(text, pages, words);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"text layout is malformed: {ex.Message}", ex);
        }
    }

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
