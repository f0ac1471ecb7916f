using System.Globalization;

namespace Archive.Core.Ingestion.Ocr;

/// <summary>
/// Parses Tesseract's TSV output (<c>level page_num block_num par_num line_num word_num left top width height conf
/// text</c>): a level-1 row opens each page with its size, level-5 rows are words in reading order.
/// </summary>
internal static class TesseractTsv
{
    private const int Columns = 12;

    /// <exception cref="ArchiveException">The output is not Tesseract TSV (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public static List<OcrPage> Parse(string tsv)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var pages = new List<OcrPage>();
        List<OcrWord>? words = null;
        int width = 0, height = 0;
        var lines = tsv.Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("level\t", StringComparison.Ordinal))
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, "tesseract wrote no TSV header; check the tesseract-ocr installation");
        }

        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.TrimEnd('\r').Split('\t', Columns);
            if (cells.Length < Columns - 1)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, "tesseract wrote a malformed TSV row");
            }

            switch (Int(cells[0]))
            {
                case 1:
                    Close();
                    words = [];
                    width = Int(cells[8]);
                    height = Int(cells[9]);
                    break;
                case 5 when words is not null:
                    var text = cells.Length == Columns ? cells[11] : string.Empty;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        words.Add(new OcrWord(
                            Int(cells[2]), Int(cells[3]), Int(cells[4]), Int(cells[6]), Int(cells[7]), Int(cells[8]), Int(cells[9]),
                            double.Parse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture), text));
                    }

                    break;
                default:
                    break;
            }
        }

        Close();
        return pages;

        void Close()
        {
            if (words is not null)
            {
                pages.Add(new OcrPage(width, height, words));
            }
        }
    }

    private static int Int(string cell) =>
        int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArchiveException(ArchiveErrorKind.Unreadable, "tesseract wrote a malformed TSV number");
}
