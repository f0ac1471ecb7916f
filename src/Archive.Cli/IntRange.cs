using System.CommandLine;
using System.Globalization;

namespace Archive.Cli;

/// <summary>Range checks for whole-number options, made on the option itself.</summary>
internal static class IntRange
{
    /// <summary>
    /// Refuses a value of <paramref name="option"/> outside [<paramref name="min"/>, <paramref name="max"/>]. It reads
    /// only what was typed: an option left out keeps its default, and a value that is not a number is the parser's own
    /// error (reading it through the option here would throw instead).
    /// </summary>
    public static Option<int> Between(this Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0
                && int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be {min}-{max}"));
            }
        });
        return option;
    }
}
