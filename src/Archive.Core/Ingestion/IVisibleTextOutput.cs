namespace Archive.Core.Ingestion;

/// <summary>Where <see cref="VisibleTextWriter"/> puts the raw visible text of an HTML document.</summary>
internal interface IVisibleTextOutput
{
    void Append(char c);

    void Append(ReadOnlySpan<char> text);
}
