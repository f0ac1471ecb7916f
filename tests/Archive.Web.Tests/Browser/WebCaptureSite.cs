using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Web.Tests.Browser;

/// <summary>
/// A site on 127.0.0.1 whose statement page changes between two visits (reached through a 301), captured twice through
/// POST /api/captures of an Archive host that may reach private addresses: version 1 and version 2 of one source.
/// </summary>
public sealed class WebCaptureSite : IAsyncLifetime
{
    public const string Kept = "Detainees were moved on 21 January under armed guard.";
    public const string Changed = "The convoy left the facility at dawn.";

    private WebApplication? _app;
    private string _body = $"<p>{Kept}</p><p>{Changed}</p>";

    public TestArchive Archive { get; } = new();

    internal LocalSite Site { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public string Version1 { get; private set; } = string.Empty;

    public string Version2 { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Site.Redirect("/old-statement", 301, "/statement.html");
        Site.Route("/statement.html", async context =>
        {
            var html = $"<!doctype html><html lang=en><head><meta charset=utf-8><title>Ministry statement</title>"
                + "<style>body{font:18px Georgia;margin:40px;background:#fffbe6}h1{color:#7a1f1f}</style></head>"
                + $"<body><h1>Ministry statement</h1>{_body}<script>document.body.dataset.ran = 'yes';</script></body></html>";
            var bytes = Encoding.UTF8.GetBytes(html);
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });
        _app = ArchiveWebApp.Create(["--archive", Archive.Root, "--urls", "http://127.0.0.1:0", "--allow-private-network"]);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Version1 = await Capture(Site.Url("/old-statement"));
        await BuildPack($"Kept [@{Version1[7..19]} \"{Kept}\"]. Changed [@{Version1[7..19]} \"{Changed}\"].");
        _body = $"<p>{Kept}</p><p>{Changed.Replace("at dawn", "shortly after midnight", StringComparison.Ordinal)}</p>";
        Version2 = await Capture(Site.Url("/old-statement"));
    }

    /// <summary>Captures one URL through the API as the archivist; returns the capture id.</summary>
    public async Task<string> Capture(string url)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Archive.Tokens["archivist"]);
        using var response = await client.PostAsJsonAsync("/api/captures", new { urls = new[] { url } });
        var item = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.True(item.GetProperty("status").GetString() == "captured", item.GetRawText());
        return item.GetProperty("capture_id").GetString()!;
    }

    /// <summary>Builds a pack through POST /api/briefs as the author, so the diff has citations to look up.</summary>
    private async Task BuildPack(string body)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Archive.Tokens["author"]);
        using var response = await client.PostAsync("/api/briefs", Briefs.Markdown(Briefs.With(body)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Site.Dispose();
        Archive.Dispose();
    }
}
