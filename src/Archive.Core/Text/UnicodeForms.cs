using System.Text;

namespace Archive.Core.Text;

/// <summary>
/// Unicode normalization that takes every valid string. The system's normalizer (ICU on Linux) refuses the
/// noncharacter U+FFFE, which is valid text that any file, title or quote may hold; it composes with nothing, so the
/// pieces between occurrences are normalized apart and joined by it again.
/// </summary>
internal static class UnicodeForms
{
    /// <summary><paramref name="text"/> in <paramref name="form"/>; itself when it already is.</summary>
    /// <exception cref="ArgumentException">The text holds a lone surrogate.</exception>
    public static string Normalize(string text, NormalizationForm form)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\uFFFE', StringComparison.Ordinal))
        {
            return string.Join('\uFFFE', text.Split('\uFFFE').Select(piece => Normalize(piece, form)));
        }

        return text.IsNormalized(form) ? text : text.Normalize(form);
    }
}
