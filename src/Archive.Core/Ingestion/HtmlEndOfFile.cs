namespace Archive.Core.Ingestion;

/// <summary>
/// AngleSharp's tokenizer takes the noncharacter U+FFFF as its end-of-file mark in several states (a tag name, an
/// attribute, the head's title or style), so a page holding one lost everything after it, silently. Before parsing,
/// each U+FFFF is swapped for another noncharacter the page does not hold (U+FDD0 to U+FDEF), and swapped back in
/// what is read from the DOM: the text and metadata keep the page's own characters.
/// </summary>
internal readonly record struct HtmlEndOfFile(string Html, char Stand)
{
    private const char EndMark = '\uFFFF';

    /// <summary>The page to give the parser, and the character standing in for U+FFFF in it (U+FFFF itself when there is none to swap).</summary>
    /// <exception cref="ArchiveException">The page holds U+FFFF and all 32 stand-ins (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public static HtmlEndOfFile Guard(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (!html.Contains(EndMark, StringComparison.Ordinal))
        {
            return new HtmlEndOfFile(html, EndMark);
        }

        for (var stand = '\uFDD0'; stand <= '\uFDEF'; stand++)
        {
            if (!html.Contains(stand, StringComparison.Ordinal))
            {
                return new HtmlEndOfFile(html.Replace(EndMark, stand), stand);
            }
        }

        throw new ArchiveException(ArchiveErrorKind.Unreadable, "the page holds U+FFFF, which the HTML parser reads as the end of the file, and every noncharacter that could stand in for it");
    }

    /// <summary><paramref name="read"/> (text or a metadata value from the parsed page) with the page's U+FFFF back.</summary>
    public string Restore(string read) => Stand == EndMark ? read : read.Replace(Stand, EndMark);

    /// <summary>Each value of <paramref name="metadata"/> with the page's U+FFFF back.</summary>
    public Dictionary<string, string> Restore(Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var stand = Stand;
        return stand == EndMark ? metadata : metadata.ToDictionary(static p => p.Key, p => p.Value.Replace(stand, EndMark), StringComparer.Ordinal);
    }
}
