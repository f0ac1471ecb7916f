namespace Archive.Core.Metadata;

/// <summary>
/// Metadata typed by a person: <c>key=value</c> arguments (<c>--meta</c>, <c>--set</c>) and named form fields. Both hosts
/// call this, so a field is checked and normalised the same way whether it came from the command line or an upload.
/// </summary>
public static class MetadataInput
{
    /// <summary>Splits <c>key=value</c> items at the first '='; throws <see cref="ArchiveException"/> naming <paramref name="optionName"/> for an item without a key.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParsePairs(IEnumerable<string>? items, string optionName)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{optionName} '{item}': expected key=value, e.g. {optionName} publisher=Reuters");
            }

            pairs.Add(new(item[..eq].Trim(), item[(eq + 1)..]));
        }

        return pairs;
    }

    /// <summary>
    /// Checks and normalises named text values into fields with <paramref name="origin"/>. An unknown field or a bad value
    /// throws <see cref="ArchiveException"/> (<see cref="ArchiveErrorKind.InvalidInput"/>), its message prefixed by <paramref name="where"/>.
    /// </summary>
    public static Dictionary<string, FieldValue> Fields(IEnumerable<KeyValuePair<string, string>> pairs, string origin, string where)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            var field = MetadataField.Find(key)
                ?? throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{where}{Shorten(key)}: unknown field; known fields: {string.Join(", ", MetadataField.All.Select(f => f.Name))}");
            if (string.IsNullOrWhiteSpace(value))
            {
                continue; // a blank value (an upload form's empty box, title=) states nothing, as in a sidecar
            }

            try
            {
                fields[field.Name] = new FieldValue(FieldParser.ParseText(field, value), origin);
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, where + ex.Message, ex);
            }
        }

        return fields;
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
