using System.Text;

namespace Archive.Core.Search;

/// <summary>Escaping rules of the query syntax, shared by the parser and the canonical <see cref="Query.ToString"/>.</summary>
internal static class QueryText
{
    /// <summary>True for characters that have a meaning in the query syntax and need a backslash to be literal.</summary>
    public static bool IsSpecial(char c) => c is '\\' or '+' or '-' or '!' or '(' or ')' or '{' or '}' or '[' or ']'
        or '^' or '"' or '~' or '*' or '?' or ':' or '/' or '&' or '|' or '=';

    /// <summary>Writes a term so that it parses back to the same text.</summary>
    /// <param name="text">The literal text.</param>
    /// <param name="keepWildcards">Leave <c>*</c> and <c>?</c> unescaped (for wildcard patterns).</param>
    public static string EscapeTerm(string text, bool keepWildcards = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 4);
        if (text is "AND" or "OR" or "NOT")
        {
            builder.Append('\\');
        }

        foreach (var c in text)
        {
            if ((IsSpecial(c) && !(keepWildcards && c is '*' or '?')) || char.IsWhiteSpace(c))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Writes the text of a phrase between double quotes.</summary>
    public static string QuotePhrase(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 4);
        builder.Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }
}
