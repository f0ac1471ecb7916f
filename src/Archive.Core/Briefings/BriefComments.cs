namespace Archive.Core.Briefings;

/// <summary>
/// HTML comments (<c>&lt;!-- … --&gt;</c>) in a brief are the author's notes, not part of the pack: they are blanked
/// before parsing, so they are neither printed nor checked. Raw HTML is otherwise not interpreted, and comments
/// inside code (a fenced block or a backtick span) stay as written.
/// </summary>
internal static class BriefComments
{
    /// <summary>
    /// <paramref name="source"/> with every comment outside code replaced by spaces, its line breaks kept, so every
    /// line and column after it stays where it was.
    /// </summary>
    public static string Blank(string source)
    {
        if (!source.Contains("<!--", StringComparison.Ordinal))
        {
            return source;
        }

        var chars = source.ToCharArray();
        char? fence = null;
        var fenceLength = 0;
        var i = 0;
        var atLineStart = true;
        while (i < chars.Length)
        {
            var lineEnd = source.IndexOf('\n', i) is var n and >= 0 ? n : source.Length;
            if (atLineStart && FenceRun(source.AsSpan(i, lineEnd - i)) is ({ } mark, var run, var bare))
            {
                if (fence is null)
                {
                    (fence, fenceLength) = (mark, run);
                }
                else if (mark == fence && run >= fenceLength && bare)
                {
                    fence = null;
                }

                i = lineEnd + 1;
                continue;
            }

            if (fence is not null)
            {
                i = lineEnd + 1;
                continue;
            }

            atLineStart = true;
            var j = i;
            while (j < lineEnd)
            {
                if (chars[j] == '`')
                {
                    var ticks = source.AsSpan(j, lineEnd - j).IndexOfAnyExcept('`') is var t and >= 0 ? t : lineEnd - j;
                    var closing = ClosingTicks(source, j + ticks, lineEnd, ticks);
                    j = closing < 0 ? j + ticks : closing + ticks;
                    continue;
                }

                if (source.AsSpan(j).StartsWith("<!--", StringComparison.Ordinal) && source.IndexOf("-->", j + 4, StringComparison.Ordinal) is var close and >= 0)
                {
                    var stop = close + 3;
                    for (var k = j; k < stop; k++)
                    {
                        if (chars[k] is not ('\n' or '\r'))
                        {
                            chars[k] = ' ';
                        }
                    }

                    if (stop > lineEnd)
                    {
                        // The comment ran over lines: go on from its end, in the middle of a line.
                        atLineStart = false;
                        j = stop;
                        break;
                    }

                    j = stop;
                    continue;
                }

                j++;
            }

            i = atLineStart ? lineEnd + 1 : j;
        }

        return new string(chars);
    }

    /// <summary>
    /// A code fence opening the line (up to 3 spaces, then 3 or more of ` or ~): its mark, its length, and whether
    /// nothing but white space follows it (as a closing fence must).
    /// </summary>
    private static (char? Mark, int Run, bool Bare) FenceRun(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart(' ');
        if (line.Length - trimmed.Length > 3 || trimmed.Length < 3 || trimmed[0] is not ('`' or '~'))
        {
            return (null, 0, false);
        }

        var run = trimmed.IndexOfAnyExcept(trimmed[0]) is var r and >= 0 ? r : trimmed.Length;
        return run >= 3 ? (trimmed[0], run, trimmed[run..].IsWhiteSpace()) : (null, 0, false);
    }

    /// <summary>Where a run of exactly <paramref name="count"/> backticks starts in [from, end), or -1.</summary>
    private static int ClosingTicks(string source, int from, int end, int count)
    {
        for (var k = from; k < end; k++)
        {
            if (source[k] != '`')
            {
                continue;
            }

            var run = 1;
            while (k + run < end && source[k + run] == '`')
            {
                run++;
            }

            if (run == count)
            {
                return k;
            }

            k += run - 1;
        }

        return -1;
    }
}
