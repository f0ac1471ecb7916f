using System.Text;

namespace Archive.Cli;

/// <summary>
/// Standard output on a terminal: archived text (titles, passages, quotes, a diff's words) is printed as a user reads
/// it, so a control character in a source must not act on the terminal. An escape sequence could recolour, hide or
/// overwrite what an auditor sees (ESC[8m, a carriage return, backspaces) or set the window title; each C0 and C1
/// control character except the line end and the tab is written as '?'. Into a pipe or a file, output is left exact.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    /// <summary>The writer underneath, for output that adds its own colour codes and cleans what it prints itself.</summary>
    public TextWriter Inner { get; } = inner;

    public override Encoding Encoding => Inner.Encoding;

    public override IFormatProvider FormatProvider => Inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => Inner.NewLine;
        set => Inner.NewLine = value;
    }

    /// <summary><paramref name="text"/> with every control character but the line end and the tab as '?'.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAny(Unsafe))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = IsUnsafe(source[i]) ? '?' : source[i];
            }
        });
    }

    /// <summary>
    /// A name from outside (a file's name, a path) for a line of human output, on one line: a line break, a control or
    /// a bidi override in it is written as its escape (<c>\n</c>, <c>\u202E</c>), so a file's name cannot print as lines
    /// of its own (a forged "ingested … by …" line in <c>show</c>) or reorder what follows it. <c>--json</c> is exact.
    /// </summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsBreaking))
        {
            return text ?? string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when IsBreaking(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static bool IsBreaking(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public override void Write(char value) => Inner.Write(IsUnsafe(value) ? '?' : value);

    public override void Write(string? value) => Inner.Write(value is null ? null : Clean(value));

    public override void Write(char[] buffer, int index, int count) => Write(new ReadOnlySpan<char>(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (!buffer.ContainsAny(Unsafe))
        {
            Inner.Write(buffer);
            return;
        }

        Inner.Write(Clean(buffer.ToString()));
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Inner.WriteLine();
    }

    public override void WriteLine() => Inner.WriteLine();

    public override void Flush() => Inner.Flush();

    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).Where(c => c is not ('\n' or '\t'))));

    private static bool IsUnsafe(char c) => c is not ('\n' or '\t') && (c < '\u0020' || c is >= '\u007F' and <= '\u009F');
}
