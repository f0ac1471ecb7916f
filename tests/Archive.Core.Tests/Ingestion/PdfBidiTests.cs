using Archive.Core.Briefings;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class PdfBidiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>pdftotext 22.12 output for Chromium-printed Arabic lines (R = RLE, L = LRE, P = PDF) and the lines as written.</summary>
    [Theory]
    [InlineData("Rفي L ٢٠Pكانون الثاني L ،٢٠٢٢Pوقالت الحكومة إن الاجتماع سيعقد في بغدادL.PP", "في ٢٠ كانون الثاني ٢٠٢٢، وقالت الحكومة إن الاجتماع سيعقد في بغداد.")]
    [InlineData("Rقال L John SmithPمن وكالة L BBCPإن النسبة بلغت L( %45Pتقريبا) في عام L.2021PP", "قال John Smith من وكالة BBC إن النسبة بلغت 45% (تقريبا) في عام 2021.")]
    [InlineData("Rوصل L ١٥٠Pشخصا L -Pبينهم L ٣٠Pطفلا L -Pإلى المخيمL« :Pنحن بخير»L.PP", "وصل ١٥٠ شخصا - بينهم ٣٠ طفلا - إلى المخيم: «نحن بخير».")]
    [InlineData("Rبلغت الكلفة L 45$Pأي نحو L 7,000Pدولار خلال L 2022-2021Pوفق (L )BBCPأمسL.PP", "بلغت الكلفة $45 أي نحو 7,000 دولار خلال 2021-2022 وفق (BBC) أمس.")]
    [InlineData("RقالL \".the prison was attacked\" :Pثم غادرL.PP", "قال: \"the prison was attacked.\" ثم غادر.")]
    [InlineData("Rالعدد L ١٢٫٥Pبالمئة وL ٪٣٫٢٥PفقطL.PP", "العدد ١٢٫٥ بالمئة و٣٫٢٥٪ فقط.")]
    public void Resolve_ChromiumArabicLines_GivesTheLinesAsWritten(string pdftotext, string written)
    {
        var marked = pdftotext.Replace('R', '\u202B').Replace('L', '\u202A').Replace('P', '\u202C');

        Assert.Equal(written, PdfBidi.Resolve(marked));
    }

    /// <summary>pdftotext 22.12 output for the wrapped lines of a right-to-left paragraph printed without dir="rtl".</summary>
    [Theory]
    [InlineData(".RالتوقيعP", "التوقيع.")]
    [InlineData(".Rستقدم بعثة المراقبة تقريرا شهريا إلى مجلس الأمن وتنشر نتائجهاP", "ستقدم بعثة المراقبة تقريرا شهريا إلى مجلس الأمن وتنشر نتائجها.")]
    [InlineData("؟Rهل وصلت القافلةP", "هل وصلت القافلة؟")]
    [InlineData(". ,Rقال L BBCPذلكP", "قال BBC ذلك, .")]
    public void Resolve_StopsBeforeAWholeLineEmbedding_GoToItsEnd(string pdftotext, string written)
    {
        var marked = pdftotext.Replace('R', '\u202B').Replace('L', '\u202A').Replace('P', '\u202C');

        Assert.Equal(written, PdfBidi.Resolve(marked));
    }

    [Theory]
    [InlineData(".Rعربي\u202C and English after")]
    [InlineData("(Rعربي\u202C")]
    [InlineData("...")]
    public void Resolve_StopsNotBeforeAWholeLineEmbedding_StayWhereTheyAre(string line)
    {
        var marked = line.Replace('R', '\u202B');

        Assert.Equal(marked.Replace("\u202B", string.Empty, StringComparison.Ordinal).Replace("\u202C", string.Empty, StringComparison.Ordinal), PdfBidi.Resolve(marked));
    }

    [Fact]
    public void Resolve_LeftToRightLineWithArabicWords_OnlyDropsTheMarks()
    {
        Assert.Equal("The word حرب means war.", PdfBidi.Resolve("The word \u202Bحرب\u202C means war."));
    }

    [Fact]
    public void Resolve_NoMarks_ReturnsTheSameString()
    {
        const string Text = "plain text 2021-2022\n";

        Assert.Same(Text, PdfBidi.Resolve(Text));
    }

    [Fact]
    public void Extract_ChromiumPrintedArabic_QuoteFromTheSourceIsInTheText()
    {
        // The line from issue 11, printed by the same Chromium that prints packs, read back by pdftotext.
        const string Line = "في ٢٠ كانون الثاني ٢٠٢٢، وقالت الحكومة إن الاجتماع سيعقد في بغداد.";
        const string Second = "قال John Smith من وكالة BBC إن النسبة بلغت 45% (تقريبا) في عام 2021.";
        var html = _dir.Write("ar.html", $"<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'></head><body style=\"font-family:'Noto Naskh Arabic',serif\"><p>{Line}</p><p>{Second}</p></body></html>");
        var pdf = Path.Combine(_dir.Path, "ar.pdf");
        new ChromiumPdfPrinter().Print(html, pdf, CancellationToken.None);

        var text = new PdfExtractor().Extract(pdf, null, CancellationToken.None).Text;

        Assert.Contains(Line, text, StringComparison.Ordinal);
        Assert.Contains(Second, text, StringComparison.Ordinal);
    }
}
