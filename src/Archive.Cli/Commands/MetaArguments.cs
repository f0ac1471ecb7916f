using Archive.Core;
using Archive.Core.Metadata;

namespace Archive.Cli.Commands;

/// <summary>Parses repeated <c>key=value</c> arguments (<c>--meta</c>, <c>--set</c>).</summary>
internal static class MetaArguments
{
    public static List<KeyValuePair<string, string>> Pairs(IEnumerable<string>? raw, string optionName)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var item in raw ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"{optionName} '{item}': expected key=value, e.g. {optionName} publisher=Reuters");
            }

            pairs.Add(new(item[..eq].Trim(), item[(eq + 1)..]));
        }

        return pairs;
    }

    public static Dictionary<string, FieldValue> Fields(IEnumerable<string>? raw)
    {
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (key, value) in Pairs(raw, "--meta"))
        {
            var field = MetadataField.Find(key)
                ?? throw new CliException(ExitCodes.Usage, $"--meta {key}: unknown field; known fields: {string.Join(", ", MetadataField.All.Select(f => f.Name))}");
            try
            {
                fields[field.Name] = new FieldValue(FieldParser.ParseText(field, value), FieldOrigin.Cli);
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
            {
                throw new CliException(ExitCodes.Usage, "--meta " + ex.Message);
            }
        }

        return fields;
    }
}
