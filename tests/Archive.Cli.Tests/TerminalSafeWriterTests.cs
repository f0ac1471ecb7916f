namespace Archive.Cli.Tests;

/// <summary>Control characters in archived text are shown as '?' on a terminal, and nothing else changes.</summary>
public sealed class TerminalSafeWriterTests
{
    [Fact]
    public void Clean_EscapeBellBackspaceCarriageReturnDelAndC1_EachBecomesOneQuestionMark()
    {
        Assert.Equal("a?[31mred???z??8m\n\tend", TerminalSafeWriter.Clean("a\u001b[31mred\u0007\b\rz\u007F\u009B8m\n\tend"));
    }

    [Fact]
    public void Clean_ArabicPersianWithZwnjAndEmoji_Unchanged()
    {
        const string text = "سجن الصناعة في الحسكة، می‌خواهم 😀 naïve";

        Assert.Same(text, TerminalSafeWriter.Clean(text));
    }

    [Fact]
    public void Writes_EveryWayAWriterIsCalled_AreCleanedAndLineEndsKept()
    {
        using var inner = new StringWriter { NewLine = "\n" };
        using var writer = new TerminalSafeWriter(inner);
        var passage = "zzctrl3 \u0001\u0007\u001b[31m red \u007F\u000C\u0008 end";

        writer.WriteLine($"   [0, 30)  {passage}");
        writer.Write('\u001b');
        writer.Write("x\u001b".AsSpan());
        writer.Write("y\u0007".ToCharArray(), 0, 2);
        writer.WriteLine();
        writer.WriteLine(passage.AsSpan());

        Assert.Equal("   [0, 30)  zzctrl3 ???[31m red ??? end\n?x?y?\nzzctrl3 ???[31m red ??? end\n", inner.ToString());
    }
}
