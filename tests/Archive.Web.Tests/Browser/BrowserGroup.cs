namespace Archive.Web.Tests.Browser;

/// <summary>Browser tests share one Kestrel host and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
