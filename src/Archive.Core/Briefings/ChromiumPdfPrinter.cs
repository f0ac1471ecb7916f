using Archive.Core.Tools;
using Archive.Core.Ingestion;

namespace Archive.Core.Briefings;

/// <summary>
/// Prints with headless Chromium (Debian package <c>chromium</c>): a fresh profile per run, no network services, no
/// browser header or footer, and a document outline from the headings. Arguments go as a list, never through a shell;
/// a run that takes too long is killed. Scripts cannot run: pack HTML carries none and its Content-Security-Policy
/// (<c>default-src 'none'</c>) forbids them. (<c>--blink-settings=scriptEnabled=false</c> was tried: with it,
/// Chromium 156 writes no PDF at all.)
/// </summary>
public sealed class ChromiumPdfPrinter : IPdfPrinter
{
    /// <summary>Names the Chromium executable when it is not <c>/usr/bin/chromium</c> or on PATH.</summary>
    public const string ExecutableVariable = ChromiumLocator.ExecutableVariable;

    private readonly string? _executable;

    public ChromiumPdfPrinter(string? executable = null, TimeSpan? timeout = null)
    {
        _executable = executable;
        Timeout = timeout ?? TimeSpan.FromMinutes(3);
    }

    public TimeSpan Timeout { get; }

    /// <summary>Finds Chromium: the given path, <c>$ARCHIVE_CHROMIUM</c>, <c>/usr/bin/chromium</c>, then PATH.</summary>
    public static string? Locate(string? explicitPath = null) => ChromiumLocator.Locate(explicitPath);

    public void Print(string htmlPath, string pdfPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(htmlPath);
        ArgumentNullException.ThrowIfNull(pdfPath);
        var executable = Locate(_executable)
            ?? throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"chromium not found: install the Debian package 'chromium' (apt-get install chromium), or set {ExecutableVariable}");
        var profile = Path.Combine(Path.GetTempPath(), $"archive-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        try
        {
            File.Delete(pdfPath);
            string[] arguments =
            [
                .. ChromiumLocator.HeadlessArguments,
                $"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                "--generate-pdf-document-outline",
                $"--print-to-pdf={pdfPath}",
                new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
            ];
            ToolResult result;
            try
            {
                result = ExternalTool.Run(executable, arguments, "chromium", Timeout, cancellationToken);
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.Unreadable)
            {
                throw new ArchiveException(ArchiveErrorKind.RenderFailed, ex.Message, ex);
            }

            if (!File.Exists(pdfPath) || new FileInfo(pdfPath).Length == 0)
            {
                throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"chromium wrote no PDF (exit {result.ExitCode}): {result.ErrorLine()}");
            }
        }
        finally
        {
            TryDeleteDirectory(profile);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A crashed browser can leave a lock behind; a stale temp profile is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: leave it for the OS temp cleaner.
        }
    }
}
