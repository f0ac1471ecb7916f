using Archive.Core.Tools;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Core.Ingestion;

/// <summary>
/// PDF through poppler's <c>pdftotext</c> in reading-order mode. Pages become <see cref="ExtractedDocument.PageStarts"/>;
/// document info (Title, Author, CreationDate) comes from <c>pdfinfo</c>.
/// </summary>
/// <param name="pdftotext">The pdftotext executable (a name on PATH, or a path).</param>
/// <param name="pdfinfo">The pdfinfo executable.</param>
/// <param name="timeout">How long each tool may run; two minutes when null.</param>
internal sealed partial class PdfExtractor(string pdftotext = "pdftotext", string pdfinfo = "pdfinfo", TimeSpan? timeout = null)
    : IExtractor
{
    public const string Name = "poppler-pdftotext";
    public const string Settings = "enc=UTF-8;eol=unix;reading-order;pages=formfeed;bidi-embeddings=stripped;nfc";
    private const string Package = "poppler-utils";
    private const int HeaderWindow = 1024;

    // The version is asked once per executable per process: it cannot change under a running process in practice.
    private static readonly ConcurrentDictionary<string, string> Versions = new(StringComparer.Ordinal);

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);

    public string MediaType => "application/pdf";

    /// <summary>True when <c>%PDF-</c> occurs in the first 1024 bytes (readers tolerate junk before it).</summary>
    public bool Sniff(ReadOnlySpan<byte> head) => head[..Math.Min(head.Length, HeaderWindow)].IndexOf("%PDF-"u8) >= 0;

    public ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path); // absolute, so a name starting with '-' is never read as an option
        if (!Sniff(ReadHead(fullPath)))
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, "not a PDF: missing %PDF- header");
        }

        var version = Versions.GetOrAdd(pdftotext, ReadVersion);

        var result = ExternalTool.Run(pdftotext, ["-enc", "UTF-8", "-eol", "unix", fullPath, "-"], Package, _timeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, Explain("pdftotext", result));
        }

        string output;
        try
        {
            output = CanonicalText.StrictUtf8.GetString(result.StandardOutput);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, "pdftotext wrote invalid UTF-8; check the poppler-utils installation", ex);
        }

        var (text, pageStarts) = JoinPages(output);
        if (pageStarts.Count == 0)
        {
            var detail = result.StandardError.Length > 0 ? $": {result.ErrorLine()}" : string.Empty;
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"PDF has no readable pages{detail}");
        }

        var info = ExternalTool.Run(pdfinfo, ["-enc", "UTF-8", "-rawdates", fullPath], Package, _timeout, cancellationToken);
        if (info.ExitCode != 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, Explain("pdfinfo", info));
        }

        var metadata = PdfInfo.Parse(Encoding.UTF8.GetString(info.StandardOutput));
        return new ExtractedDocument(text, pageStarts, metadata, new ExtractorInfo(Name, version, Settings));
    }

    /// <summary>
    /// Turns pdftotext output (each page followed by a form feed) into canonical text and page starts. Each page is
    /// cleaned of pdftotext's bidi embedding marks and canonicalized on its own before offsets are counted, and every
    /// non-empty page ends with <c>\n</c>, so no character can compose across a page boundary: the joined text is
    /// already NFC and the offsets are exact.
    /// </summary>
    internal static (string Text, List<int> PageStarts) JoinPages(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var pages = output.Split('\f');
        var count = pages[^1].Length == 0 ? pages.Length - 1 : pages.Length;
        var text = new StringBuilder(output.Length);
        var starts = new List<int>(count);
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var page = CanonicalText.Canonicalize(StripBidiEmbeddings(pages[i]));
            if (page.Length > 0 && page[^1] != '\n')
            {
                page += "\n";
            }

            starts.Add(offset);
            text.Append(page);
            offset += CountCodePoints(page);
        }

        var joined = text.ToString();
        Debug.Assert(joined.IsNormalized(NormalizationForm.FormC), "per-page NFC must give NFC overall");
        return (joined, starts);
    }

    /// <summary>
    /// Removes U+202A–U+202E. pdftotext wraps each right-to-left line in RLE … PDF to show its direction; the marks are
    /// not in the PDF's content, and left in they would split words and quotes for search and citation.
    /// </summary>
    private static string StripBidiEmbeddings(string page)
    {
        if (page.AsSpan().IndexOfAnyInRange('\u202A', '\u202E') < 0)
        {
            return page;
        }

        var kept = new StringBuilder(page.Length);
        foreach (var c in page)
        {
            if (c is < '\u202A' or > '\u202E')
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    private static int CountCodePoints(string text)
    {
        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsSurrogatePair(text[i], text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    private static byte[] ReadHead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[HeaderWindow];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer[..read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"cannot read the PDF: {ex.Message}", ex);
        }
    }

    private string ReadVersion(string executable)
    {
        // pdftotext -v prints "pdftotext version 22.12.0" (and copyright lines) to stderr.
        var result = ExternalTool.Run(executable, ["-v"], Package, _timeout, CancellationToken.None);
        var match = VersionPattern().Match(result.StandardError + "\n" + Encoding.UTF8.GetString(result.StandardOutput));
        if (!match.Success)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"pdftotext -v did not report a version: {result.ErrorLine()}");
        }

        return match.Groups[1].Value;
    }

    private static string Explain(string tool, ToolResult result)
    {
        var line = result.ErrorLine();
        if (line.Contains("Incorrect password", StringComparison.OrdinalIgnoreCase))
        {
            return "encrypted PDF: it needs a password to open; archive an unencrypted copy";
        }

        if (result.ExitCode == 3)
        {
            return "encrypted PDF: its permissions forbid text extraction";
        }

        return $"{tool} failed: {line} (exit {result.ExitCode})";
    }

    [GeneratedRegex(@"version\s+(\d[\w.\-]*)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VersionPattern();
}
