namespace Archive.Core.Ingestion;

/// <summary>A script-count guess between Arabic and English, good enough to pick an analyzer; declared language wins.</summary>
internal static class LanguageDetector
{
    public static string? Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int arabic = 0, latin = 0;
        var limit = Math.Min(text.Length, 20_000);
        for (var i = 0; i < limit; i++)
        {
            var c = text[i];
            if (c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF')
            {
                arabic++;
            }
            else if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
            {
                latin++;
            }
        }

        if (arabic + latin < 20)
        {
            return null;
        }

        return arabic >= latin ? "ar" : "en";
    }
}
