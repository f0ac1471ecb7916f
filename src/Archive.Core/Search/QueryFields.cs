namespace Archive.Core.Search;

/// <summary>Names and kinds of the <see cref="QueryField"/> values as they are written in queries.</summary>
internal static class QueryFields
{
    private static readonly QueryField[] All = Enum.GetValues<QueryField>();

    /// <summary>Every field name, in order, for error messages: <c>title, text, …, captured</c>.</summary>
    public static string KnownNames { get; } = string.Join(", ", All.Select(Name));

    /// <summary>The name of a field as written in a query, in lower case.</summary>
    public static string Name(QueryField field) => field switch
    {
        QueryField.Title => "title",
        QueryField.Text => "text",
        QueryField.Publisher => "publisher",
        QueryField.Author => "author",
        QueryField.Type => "type",
        QueryField.Lang => "lang",
        QueryField.Tag => "tag",
        QueryField.Id => "id",
        QueryField.Published => "published",
        QueryField.Captured => "captured",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "unknown query field"),
    };

    /// <summary>Looks up a field by name, ignoring ASCII case.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out QueryField field)
    {
        foreach (var candidate in All)
        {
            if (name.Equals(Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                field = candidate;
                return true;
            }
        }

        field = default;
        return false;
    }

    /// <summary>True for <c>published</c> and <c>captured</c>, which take dates and ranges of dates.</summary>
    public static bool IsDate(QueryField field) => field is QueryField.Published or QueryField.Captured;

    /// <summary>True for <c>title</c> and <c>text</c>, which are searched in full text.</summary>
    public static bool IsFullText(QueryField field) => field is QueryField.Title or QueryField.Text;

    /// <summary>The <c>field:</c> prefix of a leaf, or nothing for the default fields.</summary>
    public static string Prefix(QueryField? field) => field is { } f ? Name(f) + ":" : string.Empty;
}
