using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Archive.Core.Tools;

namespace Archive.Core.Ingestion.Ocr;

/// <summary>
/// Runs the <c>tesseract</c> command (Tesseract 5, Debian's <c>tesseract-ocr</c>) on one image file and reads its TSV:
/// words with boxes, in reading order. One OpenMP thread per run, so concurrent ingests share the cores fairly and a
/// run's output does not depend on the machine's core count.
/// </summary>
/// <param name="executable">The tesseract executable (a name on PATH, or a path).</param>
internal sealed partial class Tesseract(string executable = "tesseract")
{
    public const string Package = "tesseract-ocr";

    private static readonly ConcurrentDictionary<string, string> Versions = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IReadOnlySet<string>> Installed = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal) { ["OMP_THREAD_LIMIT"] = "1" };
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The version Tesseract reports (<c>5.3.0</c>), asked once per executable per process.</summary>
    /// <exception cref="ArchiveException">Tesseract is missing or does not report a version.</exception>
    public string Version => Versions.GetOrAdd(executable, ReadVersion);

    /// <summary>Checks that every language in <paramref name="languages"/> (<c>ara+eng</c>) has its data installed.</summary>
    /// <exception cref="ArchiveException">A malformed list or a missing language (<see cref="ArchiveErrorKind.Unreadable"/>), naming the package to install.</exception>
    public void CheckLanguages(string languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        if (!TesseractLanguages.IsWellFormed(languages))
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"OCR languages '{languages}' are not Tesseract names joined by '+', like ara+eng");
        }

        var installed = Installed.GetOrAdd(executable, ReadLanguages);
        var missing = languages.Split('+').Where(l => !installed.Contains(l)).ToList();
        if (missing.Count > 0)
        {
            var packages = string.Join(" ", missing.Select(l => "tesseract-ocr-" + l.Replace('_', '-')));
            throw new ArchiveException(ArchiveErrorKind.Unreadable,
                $"no Tesseract data for {string.Join(", ", missing)}: install {packages} (installed: {string.Join(", ", installed.Order(StringComparer.Ordinal))})");
        }
    }

    /// <summary>
    /// The languages for an image: <paramref name="chosen"/> when given, else those of the script detected on it, else
    /// <see cref="OcrOptions.DefaultLanguages"/>; with where they came from, for the extractor record.
    /// </summary>
    public (string Languages, string From) ChooseLanguages((string Languages, string From)? chosen, string imagePath, int? dpi, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (chosen is { } given)
        {
            return given;
        }

        var script = DetectScript(imagePath, dpi, timeout, cancellationToken);
        return TesseractLanguages.FromScript(script) is { } languages ? (languages, "script:" + script) : (OcrOptions.DefaultLanguages, "default");
    }

    /// <summary>Recognises every page of the image at <paramref name="imagePath"/>.</summary>
    /// <param name="dpi">The image's resolution when Tesseract cannot read it from the file (rasterised PDF pages), or null.</param>
    /// <param name="timeout">How long the whole run may take.</param>
    /// <exception cref="ArchiveException">Tesseract failed, timed out, or could not read the image (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public List<OcrPage> Recognize(string imagePath, string languages, int? dpi, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        CheckLanguages(languages);
        var arguments = new List<string>
        {
            Path.GetFullPath(imagePath), "stdout",
            "-l", languages,
            "--psm", OcrOptions.PageSegmentation.ToString(CultureInfo.InvariantCulture),
            "--oem", OcrOptions.EngineMode.ToString(CultureInfo.InvariantCulture),
        };
        if (dpi is { } resolution)
        {
            arguments.AddRange(["--dpi", resolution.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.Add("tsv");
        var result = ExternalTool.Run(executable, arguments, Package, timeout, Environment, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"tesseract could not read the image: {result.ErrorLine()} (exit {result.ExitCode})");
        }

        string tsv;
        try
        {
            tsv = CanonicalText.StrictUtf8.GetString(result.StandardOutput);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, "tesseract wrote invalid UTF-8; check the tesseract-ocr installation", ex);
        }

        return TesseractTsv.Parse(tsv);
    }

    /// <summary>
    /// The script on the (first) page of the image, by Tesseract's orientation and script detection (<c>--psm 0</c>,
    /// the <c>osd</c> data): <c>Arabic</c>, <c>Latin</c>, …; null when the data is missing or the page has too little text.
    /// </summary>
    public string? DetectScript(string imagePath, int? dpi, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        var arguments = new List<string> { Path.GetFullPath(imagePath), "stdout", "--psm", "0" };
        if (dpi is { } resolution)
        {
            arguments.AddRange(["--dpi", resolution.ToString(CultureInfo.InvariantCulture)]);
        }

        ToolResult result;
        try
        {
            result = ExternalTool.Run(executable, arguments, Package, timeout, Environment, cancellationToken);
        }
        catch (ArchiveException ex) when (ex.Message.Contains("timed out", StringComparison.Ordinal))
        {
            // Detection only picks languages; when it runs out of time the defaults do.
            return null;
        }

        if (result.ExitCode != 0)
        {
            return null;
        }

        var match = ScriptPattern().Match(Encoding.UTF8.GetString(result.StandardOutput) + "\n" + result.StandardError);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string ReadVersion(string executable)
    {
        // "tesseract 5.3.0" on the first line, then the libraries; older builds print it to stderr.
        var result = ExternalTool.Run(executable, ["--version"], Package, QueryTimeout, Environment, CancellationToken.None);
        var match = VersionPattern().Match(Encoding.UTF8.GetString(result.StandardOutput) + "\n" + result.StandardError);
        return match.Success
            ? match.Groups[1].Value
            : throw new ArchiveException(ArchiveErrorKind.Unreadable, $"tesseract --version did not report a version: {result.ErrorLine()}");
    }

    private static IReadOnlySet<string> ReadLanguages(string executable)
    {
        // "List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (4):" and then one name per line.
        var result = ExternalTool.Run(executable, ["--list-langs"], Package, QueryTimeout, Environment, CancellationToken.None);
        var lines = (Encoding.UTF8.GetString(result.StandardOutput) + "\n" + result.StandardError).Split('\n', StringSplitOptions.TrimEntries);
        return lines.Where(l => l.Length > 0 && !l.Contains(' ', StringComparison.Ordinal) && l != "osd").ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^Script:\s*(\w+)", RegexOptions.CultureInvariant | RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ScriptPattern();

    [GeneratedRegex(@"^tesseract\s+v?(\d[\w.\-]*)", RegexOptions.CultureInvariant | RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VersionPattern();
}
