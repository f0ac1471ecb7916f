using AngleSharp.Html.Parser;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class HtmlMetadataTests
{
    [Fact]
    public void Harvest_JsonLdGraph_FillsHeadlineAuthorsAndPublished()
    {
        var fields = Harvest("""
            <title>Site | Story</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
              {"@type":"NewsArticle","headline":"Prison statement","datePublished":"2026-01-21T10:00:00Z",
               "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"Omar Ali"},"https://example.org/staff/x"]}]}</script>
            """);

        Assert.Equal("Prison statement", fields["title"]);
        Assert.Equal("Jane Doe; Omar Ali", fields["authors"]);
        Assert.Equal("2026-01-21T10:00:00Z", fields["published"]);
    }

    [Fact]
    public void Harvest_MetaAndJsonLd_MetaWins()
    {
        var fields = Harvest("""
            <meta property="og:title" content="Meta title"><meta name="author" content="Meta Author">
            <meta property="article:published_time" content="2025-05-05">
            <script type="application/ld+json">{"headline":"LD title","author":{"name":"LD Author"},"datePublished":"2026-01-01"}</script>
            """);

        Assert.Equal("Meta title", fields["title"]);
        Assert.Equal("Meta Author", fields["authors"]);
        Assert.Equal("2025-05-05", fields["published"]);
    }

    [Fact]
    public void Harvest_MalformedJsonLdOrNonIsoDate_Skipped()
    {
        var fields = Harvest("""
            <title>Plain</title>
            <script type="application/ld+json">{"headline": broken</script>
            <script type="application/ld+json">{"datePublished":"March 3"}</script>
            """);

        Assert.Equal("Plain", fields["title"]);
        Assert.False(fields.ContainsKey("published"));
    }

    private static Dictionary<string, string> Harvest(string html)
    {
        using var document = new HtmlParser().ParseDocument(html);
        return HtmlMetadata.Harvest(document);
    }
}
