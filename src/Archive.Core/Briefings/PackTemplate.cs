using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Core.Briefings;

/// <summary>
/// The pack's tiny template language: <c>{{name}}</c> inserts a value HTML-encoded, <c>{{{name}}}</c> inserts an HTML
/// fragment the pack builder made (every text in it already encoded). An unknown name is an error, not a blank.
/// </summary>
internal static partial class PackTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string> fragments)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(fragments);
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (match.Value.StartsWith("{{{", StringComparison.Ordinal))
            {
                return fragments.TryGetValue(name, out var fragment) ? fragment : throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"the template uses an unknown fragment {{{{{{{name}}}}}}}");
            }

            return values.TryGetValue(name, out var value) ? WebUtility.HtmlEncode(value ?? string.Empty) : throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"the template uses an unknown value {{{{{name}}}}}");
        });
    }

    /// <summary>A CSS string literal (for page-margin boxes): quotes and backslashes escaped, and no way out of the style element.</summary>
    public static string CssString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' or '<' or '>' or '&' || char.IsControl(c))
            {
                builder.Append('\\').Append(((int)c).ToString("X", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    [GeneratedRegex(@"\{\{\{(?<name>[a-z_]+)\}\}\}|\{\{(?<name>[a-z_]+)\}\}")]
    private static partial Regex Placeholder();
}
