namespace Archive.Core.Briefings;

/// <summary>Prints an HTML file to PDF. The seam between pack building and the browser that lays pages out.</summary>
public interface IPdfPrinter
{
    /// <summary>Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/>; throws <see cref="ArchiveException"/> on failure.</summary>
    void Print(string htmlPath, string pdfPath, CancellationToken cancellationToken);
}
