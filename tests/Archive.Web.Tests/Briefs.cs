using System.Net.Http.Headers;
using System.Text;

namespace Archive.Web.Tests;

/// <summary>Briefs citing the <see cref="TestArchive"/> report, and request bodies carrying them.</summary>
internal static class Briefs
{
    /// <summary>A brief with one citation of a unique phrase, which resolves exactly.</summary>
    public static string Valid(TestArchive archive) => With($"Forces moved in [@{archive.ReportId.Short} \"{TestArchive.Phrase}\"].");

    /// <summary>A brief whose citation occurs twice (line 8, column 11).</summary>
    public static string Ambiguous(TestArchive archive) => With($"Releases: [@{archive.ReportId.Short} \"{TestArchive.Repeated}\"].");

    public static string With(string body) => $"---\ntitle: Web test brief\nauthor: Tests\n---\n\n# Summary\n\n{body}\n";

    public static ByteArrayContent Markdown(string text) => Body(Encoding.UTF8.GetBytes(text));

    public static ByteArrayContent Body(byte[] bytes, string mediaType = "text/markdown")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
