using System.Globalization;
using Archive.Core.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Archive.Core.Search.Engine;

/// <summary>Builds the Lucene.Net document of one capture (see <see cref="IndexFields"/>).</summary>
internal static class CaptureDocument
{
    private static readonly FieldType Words = Freeze(new FieldType(TextField.TYPE_NOT_STORED) { OmitNorms = false }, IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);

    /// <summary>A text's words with their code-point offsets in the postings: passages of a large text start from them.</summary>
    private static readonly FieldType WordsWithOffsets = Freeze(new FieldType(TextField.TYPE_NOT_STORED) { OmitNorms = false }, IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);

    public static Document Build(Analyzer analyzer, IndexedCapture capture, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Build(analyzer, capture, text, null);
    }

    /// <summary>The document of a capture whose text is read, a piece at a time, from what <paramref name="open"/> opens (a large stored text).</summary>
    public static Document Build(Analyzer analyzer, IndexedCapture capture, Func<TextReader> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return Build(analyzer, capture, null, open);
    }

    private static Document Build(Analyzer analyzer, IndexedCapture capture, string? text, Func<TextReader>? open)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(capture);
        var chain = LanguageChain.For(capture.Language);
        var title = capture.Title ?? string.Empty;
        var document = new Document
        {
            new StringField(IndexFields.Id, capture.Id, Field.Store.YES),
            new StringField(IndexFields.IdHex, capture.Id.StartsWith("sha256:", StringComparison.Ordinal) ? capture.Id[7..] : capture.Id, Field.Store.NO),
            new NumericDocValuesField(IndexFields.RowId, capture.RowId),
            new StringField(IndexFields.Slug, capture.Slug.ToLowerInvariant(), Field.Store.NO),
        };
        AddText(document, analyzer, title, chain, IndexFields.TitleExact, IndexFields.TitleStem(chain), Words);
        if (text is not null)
        {
            AddText(document, analyzer, text, chain, IndexFields.TextExact, IndexFields.TextStem(chain), WordsWithOffsets);
        }
        else
        {
            document.Add(new Field(IndexFields.TextExact, new AnalyzedTokenStream(analyzer, open!, chain, stems: false), WordsWithOffsets));
            document.Add(new Field(IndexFields.TextStem(chain), new AnalyzedTokenStream(analyzer, open!, chain, stems: true), WordsWithOffsets));
        }

        if (!string.IsNullOrWhiteSpace(capture.Publisher))
        {
            document.Add(new SortedDocValuesField(IndexFields.Publisher, new BytesRef(capture.Publisher)));
            document.Add(new StringField(IndexFields.PublisherLower, capture.Publisher.Trim().ToLowerInvariant(), Field.Store.NO));
            document.Add(new Field(IndexFields.PublisherWords, new AnalyzedTokenStream(analyzer, capture.Publisher, LanguageChain.Default, stems: false), Words));
        }

        foreach (var author in Items(capture.Authors))
        {
            document.Add(new StringField(IndexFields.AuthorLower, author.ToLowerInvariant(), Field.Store.NO));
            document.Add(new Field(IndexFields.AuthorWords, new AnalyzedTokenStream(analyzer, author, LanguageChain.Default, stems: false), Words));
        }

        if (!string.IsNullOrWhiteSpace(capture.SourceType))
        {
            var type = capture.SourceType.Trim().ToLowerInvariant();
            document.Add(new StringField(IndexFields.Type, type, Field.Store.NO));
            document.Add(new SortedDocValuesField(IndexFields.Type, new BytesRef(capture.SourceType)));
        }

        if (!string.IsNullOrWhiteSpace(capture.Language))
        {
            var tag = capture.Language.Trim().ToLowerInvariant();
            document.Add(new SortedDocValuesField(IndexFields.Language, new BytesRef(capture.Language)));
            document.Add(new StringField(IndexFields.Lang, tag, Field.Store.NO));
            if (tag.Split('-', 2)[0] is var primary && primary != tag)
            {
                document.Add(new StringField(IndexFields.Lang, primary, Field.Store.NO));
            }
        }

        foreach (var tag in Items(capture.Tags))
        {
            document.Add(new StringField(IndexFields.Tag, tag.ToLowerInvariant(), Field.Store.NO));
        }

        if (!string.IsNullOrWhiteSpace(capture.Published))
        {
            document.Add(new SortedDocValuesField(IndexFields.Published, new BytesRef(capture.Published)));
            if (FirstDay(capture.Published) is { } day)
            {
                document.Add(new Int32Field(IndexFields.PublishedDay, day, Field.Store.NO));
            }
        }

        if (FirstDay(capture.CapturedAt) is { } captured)
        {
            document.Add(new Int32Field(IndexFields.CapturedDay, captured, Field.Store.NO));
        }

        if (capture.Withdrawn)
        {
            document.Add(new StringField(IndexFields.Withdrawn, "1", Field.Store.NO));
        }

        return document;
    }

    /// <summary>
    /// The exact and stemmed fields of one part. A text of up to <see cref="AnalyzedTokenStream.SharedLimit"/>
    /// characters is analyzed once for both; a longer one twice, in pieces, so its tokens are never all in memory.
    /// </summary>
    private static void AddText(Document document, Analyzer analyzer, string text, LanguageChain chain, string exactField, string stemField, FieldType type)
    {
        if (text.Length <= AnalyzedTokenStream.SharedLimit)
        {
            var tokens = analyzer.Tokenize(text, chain);
            document.Add(new Field(exactField, new AnalyzedTokenStream(tokens, stems: false), type));
            document.Add(new Field(stemField, new AnalyzedTokenStream(tokens, stems: true), type));
            return;
        }

        document.Add(new Field(exactField, new AnalyzedTokenStream(analyzer, text, chain, stems: false), type));
        document.Add(new Field(stemField, new AnalyzedTokenStream(analyzer, text, chain, stems: true), type));
    }

    /// <summary>
    /// The first day of a stored date (<c>2026</c>, <c>2026-01</c>, <c>2026-01-15</c> or a timestamp) as yyyymmdd,
    /// or null when it does not start with one.
    /// </summary>
    public static int? FirstDay(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length < 4 || !int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        var month = value.Length >= 7 && int.TryParse(value.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 1;
        var day = value.Length >= 10 && int.TryParse(value.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 1;
        return (year * 10000) + (month * 100) + day;
    }

    /// <summary>The items of a list column, stored one a line between newlines.</summary>
    private static string[] Items(string? column) =>
        (column ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static FieldType Freeze(FieldType type, IndexOptions options)
    {
        type.IndexOptions = options;
        type.Freeze();
        return type;
    }
}
