using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Archive.Web.Tests.OpenApi;

/// <summary>
/// Real requests to every operation, sent once for the class: successes and each error the host can answer (401, 403,
/// 404, 400, 413, 414, 415, 422, 429, 503), kept with the OpenAPI document they are checked against.
/// </summary>
public sealed class OpenApiExchanges : IAsyncLifetime
{
    private readonly List<IDisposable> _owned = [];

    public TestArchive Archive { get; } = new();

    /// <summary>The document of the host without --public-read, which every exchange is checked against.</summary>
    public JsonElement Document { get; private set; }

    /// <summary>The document of the same host with --public-read.</summary>
    public JsonElement PublicDocument { get; private set; }

    public List<Exchange> Exchanges { get; } = [];

    public async Task InitializeAsync()
    {
        var pdf = Archive.AddPdf();
        var host = Own(new ArchiveWebFactory(Archive, ("max-upload-mb", "1")));
        Document = JsonDocument.Parse(await host.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement.Clone();
        var id = Archive.ReportId;
        var unknown = "no-such-document";

        await Send(host, null, "GET", "/health", "/health");
        await Send(host, null, "GET", "/api/whoami", "/api/whoami");
        await Send(host, "reader", "GET", "/api/whoami", "/api/whoami");

        await Send(host, "reader", "GET", "/api/documents", "/api/documents?limit=5");
        await Send(host, "reader", "GET", "/api/documents", "/api/documents?limit=0");
        await Send(host, null, "GET", "/api/documents", "/api/documents");
        await Send(host, "reader", "GET", "/api/documents/{id}", $"/api/documents/{id}");
        await Send(host, "reader", "GET", "/api/documents/{id}", $"/api/documents/{unknown}");
        await Send(host, "reader", "GET", "/api/documents/{id}", $"/api/documents/{new string('a', 201)}");
        await Send(host, "reader", "GET", "/api/documents/{id}/text", $"/api/documents/{id}/text");
        await Send(host, "reader", "GET", "/api/documents/{id}/text", $"/api/documents/{unknown}/text");
        await Send(host, "reader", "GET", "/api/documents/{id}/passage", $"/api/documents/{id}/passage?start=0&end=10");
        await Send(host, "reader", "GET", "/api/documents/{id}/passage", $"/api/documents/{id}/passage?start=0&end=99999999");
        await Send(host, "reader", "GET", "/api/documents/{id}/passage", $"/api/documents/{id}/passage");
        await Send(host, "reader", "GET", "/api/documents/{id}/passage", $"/api/documents/{unknown}/passage?start=0&end=1");
        await Send(host, "reader", "GET", "/api/documents", "/api/documents?limit=5&order=newest");
        await Send(host, "reader", "GET", "/api/documents", "/api/documents?order=sideways");
        await Send(host, "reader", "GET", "/api/documents/{id}/citation", $"/api/documents/{id}/citation?start=0&end=7");
        await Send(host, "reader", "GET", "/api/documents/{id}/citation", $"/api/documents/{id}/citation?start=5&end=2");
        await Send(host, "reader", "GET", "/api/documents/{id}/citation", $"/api/documents/{unknown}/citation?start=0&end=1");
        await Send(host, "reader", "GET", "/api/documents/{id}/matches", $"/api/documents/{id}/matches?q=hasakah&limit=5");
        await Send(host, "reader", "GET", "/api/documents/{id}/matches", $"/api/documents/{id}/matches?q=hasakah+AND+(");
        await Send(host, "reader", "GET", "/api/documents/{id}/matches", $"/api/documents/{unknown}/matches?q=hasakah");
        await Send(host, "reader", "GET", "/api/documents/{id}/related", $"/api/documents/{id}/related?limit=3");
        await Send(host, "reader", "GET", "/api/documents/{id}/related", $"/api/documents/{id}/related?limit=0");
        await Send(host, "reader", "GET", "/api/documents/{id}/related", $"/api/documents/{unknown}/related");
        await Send(host, "reader", "GET", "/api/documents/{id}/original", $"/api/documents/{id}/original");
        await Send(host, "reader", "GET", "/api/documents/{id}/original", $"/api/documents/{unknown}/original");
        await Send(host, "reader", "GET", "/api/documents/{id}/diff", $"/api/documents/{id}/diff?against={Archive.ProbeId}");
        await Send(host, "reader", "GET", "/api/documents/{id}/diff", $"/api/documents/{id}/diff");
        await Send(host, "reader", "GET", "/api/documents/{id}/diff", $"/api/documents/{id}/diff?against={unknown}");
        await Send(host, "reader", "GET", "/api/documents/{id}/screenshot", $"/api/documents/{id}/screenshot");
        await Send(host, "reader", "GET", "/api/documents/{id}/screenshot", $"/api/documents/{unknown}/screenshot");
        using (var site = new LocalSite())
        {
            site.Html("/page.html", "<title>Captured page</title><p>A page captured for its screenshot.</p>");
            var capturing = Own(new ArchiveWebFactory(Archive, ("allow-private-network", "true")));
            var captured = await Send(capturing, "archivist", "POST", "/api/captures", "/api/captures", Json($"{{\"urls\":[\"{site.Url("/page.html")}\"]}}"));
            var webId = JsonDocument.Parse(captured.Body).RootElement.GetProperty("results")[0].GetProperty("capture_id").GetString();
            await Send(host, "reader", "GET", "/api/documents/{id}/screenshot", $"/api/documents/{webId}/screenshot");
        }


        await Send(host, "reader", "GET", "/api/documents/{id}/pages", $"/api/documents/{pdf}/pages?start=0&end=4");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages", $"/api/documents/{id}/pages");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages", $"/api/documents/{pdf}/pages?start=3");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages", $"/api/documents/{unknown}/pages");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages/{page}.png", $"/api/documents/{pdf}/pages/2.png?width=300");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages/{page}.png", $"/api/documents/{pdf}/pages/3.png");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages/{page}.png", $"/api/documents/{pdf}/pages/first.png");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages/{page}.png", $"/api/documents/{pdf}/pages/1.png?width=9000");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages/{page}.png", $"/api/documents/{id}/pages/1.png");
        await Send(host, "reader", "GET", "/api/documents/{id}/pages/{page}.png", $"/api/documents/{unknown}/pages/1.png");
        await Send(host, null, "GET", "/api/documents/{id}/pages/{page}.png", $"/api/documents/{pdf}/pages/1.png");

        var fresh = Encoding.UTF8.GetBytes("OpenAPI upload\n\nA fresh document " + Guid.NewGuid() + "\n");
        await Send(host, "archivist", "POST", "/api/documents", "/api/documents", Upload("fresh.txt", fresh, ("publisher", "Reuters")));
        await Send(host, "archivist", "POST", "/api/documents", "/api/documents", Upload("again.txt", fresh));
        await Send(host, "archivist", "POST", "/api/documents", "/api/documents", new MultipartFormDataContent { { new StringContent("B2"), "reliability" } });
        await Send(host, "archivist", "POST", "/api/documents", "/api/documents", Upload("big.txt", new byte[(1024 * 1024) + 10]));
        await Send(host, "archivist", "POST", "/api/documents", "/api/documents", Briefs.Body("{}"u8.ToArray(), "application/json"));
        await Send(host, "archivist", "POST", "/api/documents", "/api/documents", Upload("tool.exe", "MZ not really"u8.ToArray()));
        await Send(host, "reader", "POST", "/api/documents", "/api/documents", Upload("fresh.txt", fresh));
        await Send(host, null, "POST", "/api/documents", "/api/documents", Upload("fresh.txt", fresh));

        await Send(host, "archivist", "PATCH", "/api/documents/{id}/metadata", $"/api/documents/{id}/metadata", Json("{\"reliability\":\"B2\"}"));
        await Send(host, "archivist", "PATCH", "/api/documents/{id}/metadata", $"/api/documents/{id}/metadata", Json("{}"));
        await Send(host, "archivist", "PATCH", "/api/documents/{id}/metadata", $"/api/documents/{id}/metadata", Json("{\"reliability\":\"Z9\"}"));
        await Send(host, "archivist", "PATCH", "/api/documents/{id}/metadata", $"/api/documents/{unknown}/metadata", Json("{\"reliability\":\"B2\"}"));
        await Send(host, "archivist", "PATCH", "/api/documents/{id}/metadata", $"/api/documents/{id}/metadata", Briefs.Body("reliability=B2"u8.ToArray(), "text/plain"));
        await Send(host, "reader", "PATCH", "/api/documents/{id}/metadata", $"/api/documents/{id}/metadata", Json("{\"reliability\":\"B2\"}"));

        await Send(host, "archivist", "POST", "/api/documents/{id}/reextract", $"/api/documents/{id}/reextract");
        await Send(host, "archivist", "POST", "/api/documents/{id}/reextract", $"/api/documents/{pdf}/reextract", Json("{\"ocr\":\"never\",\"ocr_lang\":\"eng\"}"));
        await Send(host, "archivist", "POST", "/api/documents/{id}/reextract", $"/api/documents/{id}/reextract", Json("{\"ocr\":\"sometimes\"}"));
        await Send(host, "archivist", "POST", "/api/documents/{id}/reextract", $"/api/documents/{id}/reextract", Json("{\"ocr_lang\":\"eng;rm\"}"));
        await Send(host, "archivist", "POST", "/api/documents/{id}/reextract", $"/api/documents/{unknown}/reextract");
        await Send(host, "archivist", "POST", "/api/documents/{id}/reextract", $"/api/documents/{id}/reextract", Briefs.Body("ocr=never"u8.ToArray(), "text/plain"));
        await Send(host, "reader", "POST", "/api/documents/{id}/reextract", $"/api/documents/{id}/reextract");

        // The scanned PDF is used above only: withdrawing it leaves the report for the searches below.
        await Send(host, "archivist", "POST", "/api/documents/{id}/withdraw", $"/api/documents/{pdf}/withdraw", Json("{\"reason\":\"a scan kept only for the page tests\"}"));
        await Send(host, "archivist", "POST", "/api/documents/{id}/withdraw", $"/api/documents/{pdf}/withdraw", Json("{\"reason\":\"again\"}"));
        await Send(host, "archivist", "POST", "/api/documents/{id}/withdraw", $"/api/documents/{id}/withdraw", Json("{}"));
        await Send(host, "archivist", "POST", "/api/documents/{id}/withdraw", $"/api/documents/{unknown}/withdraw", Json("{\"reason\":\"gone\"}"));
        await Send(host, "archivist", "POST", "/api/documents/{id}/withdraw", $"/api/documents/{id}/withdraw", Briefs.Body("reason=x"u8.ToArray(), "text/plain"));
        await Send(host, "reader", "POST", "/api/documents/{id}/withdraw", $"/api/documents/{id}/withdraw", Json("{\"reason\":\"not mine to withdraw\"}"));

        // Loopback is refused by a host without --allow-private-network: a 200 with a refused outcome, no browser needed.
        await Send(host, "archivist", "POST", "/api/captures", "/api/captures", Json("{\"urls\":[\"http://127.0.0.1:9/page\"],\"metadata\":{\"source_type\":\"article\"}}"));
        await Send(host, "archivist", "POST", "/api/captures", "/api/captures", Json("{\"urls\":[]}"));
        await Send(host, "archivist", "POST", "/api/captures", "/api/captures", Json("{\"urls\":[\"http://example.org/\"],\"timeout\":\"forever\"}"));
        await Send(host, "archivist", "POST", "/api/captures", "/api/captures", Briefs.Body("http://example.org/"u8.ToArray(), "text/plain"));
        await Send(host, "reader", "POST", "/api/captures", "/api/captures", Json("{\"urls\":[\"http://example.org/\"]}"));
        await Send(host, null, "POST", "/api/captures", "/api/captures", Json("{\"urls\":[\"http://example.org/\"]}"));

        await Send(host, "reader", "GET", "/api/search", "/api/search?q=Hasakah&passages=2");
        await Send(host, "reader", "GET", "/api/search", "/api/search?q=nothing-matches-this-word");
        await Send(host, "reader", "GET", "/api/search", "/api/search?q=(Hasakah");
        await Send(host, "reader", "GET", "/api/search", "/api/search?q=Hasakah&colour=red");
        await Send(host, "reader", "GET", "/api/search", "/api/search?q=" + new string('a', 9000));
        await Send(host, null, "GET", "/api/search", "/api/search?q=Hasakah");
        await Send(host, "reader", "GET", "/api/search.csv", "/api/search.csv?q=Hasakah");
        await Send(host, "reader", "GET", "/api/search.csv", "/api/search.csv?q=(Hasakah");
        await Send(host, "reader", "GET", "/api/search.csv", "/api/search.csv?q=Hasakah&colour=red");
        await Send(host, null, "GET", "/api/search.csv", "/api/search.csv?q=Hasakah");

        await Send(host, "auditor", "POST", "/api/verify", "/api/verify?record=false");
        await Send(host, "auditor", "POST", "/api/verify", "/api/verify?record=maybe");
        await Send(host, "reader", "POST", "/api/verify", "/api/verify");
        await Send(host, "auditor", "GET", "/api/log/checkpoints", "/api/log/checkpoints");
        await Send(host, "reader", "GET", "/api/log/checkpoints", "/api/log/checkpoints");
        await Send(host, "auditor", "GET", "/api/log/public-key", "/api/log/public-key");
        await Send(host, "reader", "GET", "/api/log/public-key", "/api/log/public-key");
        await Send(host, "auditor", "GET", "/api/log/proof/{index}", "/api/log/proof/0");
        await Send(host, "auditor", "GET", "/api/log/proof/{index}", "/api/log/proof/999999");
        await Send(host, "auditor", "GET", "/api/log/proof/{index}", "/api/log/proof/first");

        await Send(host, "author", "POST", "/api/briefs/check", "/api/briefs/check", Briefs.Markdown(Briefs.Valid(Archive)));
        await Send(host, "author", "POST", "/api/briefs/check", "/api/briefs/check", Briefs.Markdown(Briefs.Ambiguous(Archive)));
        await Send(host, "author", "POST", "/api/briefs/check", "/api/briefs/check", Briefs.Body([]));
        await Send(host, "author", "POST", "/api/briefs/check", "/api/briefs/check", Briefs.Body("<p>x</p>"u8.ToArray(), "text/html"));
        await Send(host, "author", "POST", "/api/briefs/check", "/api/briefs/check", Briefs.Markdown(Briefs.With(new string('x', (1024 * 1024) + 1))));
        await Send(host, "reader", "POST", "/api/briefs/check", "/api/briefs/check", Briefs.Markdown(Briefs.Valid(Archive)));
        await Send(host, "author", "POST", "/api/briefs", "/api/briefs", Briefs.Markdown(Briefs.Ambiguous(Archive)));
        await Send(host, "reader", "POST", "/api/briefs", "/api/briefs", Briefs.Markdown(Briefs.Valid(Archive)));
        var built = await Send(host, "author", "POST", "/api/briefs", "/api/briefs", Briefs.Markdown(Briefs.Valid(Archive)));

        await Send(host, "reader", "GET", "/api/packs", "/api/packs");
        await Send(host, "reader", "GET", "/api/packs", "/api/packs?limit=0");
        await Send(host, "reader", "GET", "/api/packs/{id}/manifest", $"/api/packs/{built.PackId ?? "pack-0123456789ab"}/manifest");
        await Send(host, "reader", "GET", "/api/packs/{id}/manifest", "/api/packs/not-a-pack/manifest");
        await Send(host, "reader", "GET", "/api/packs/{id}/manifest", "/api/packs/pack-0123456789ab/manifest");
        await Send(host, "reader", "GET", "/api/packs/{id}/signature", $"/api/packs/{built.PackId ?? "pack-0123456789ab"}/signature");
        await Send(host, "reader", "GET", "/api/packs/{id}/signature", "/api/packs/not-a-pack/signature");
        await Send(host, "reader", "GET", "/api/packs/{id}/signature", "/api/packs/pack-0123456789ab/signature");
        await Send(host, "reader", "GET", "/api/packs/{id}/pdf", $"/api/packs/{built.PackId ?? "pack-0123456789ab"}/pdf");
        await Send(host, "reader", "GET", "/api/packs/{id}/pdf", "/api/packs/not-a-pack/pdf");
        await Send(host, "reader", "GET", "/api/packs/{id}/pdf", "/api/packs/pack-0123456789ab/pdf");
        await Send(host, "reader", "GET", "/api/packs/{id}/verify", $"/api/packs/{built.PackId ?? "pack-0123456789ab"}/verify");
        await Send(host, "reader", "GET", "/api/packs/{id}/verify", "/api/packs/not-a-pack/verify");
        await Send(host, "reader", "GET", "/api/packs/{id}/verify", "/api/packs/pack-0123456789ab/verify");

        // Its own host, so that its failures do not block the others: the second bad token in a minute gets 429.
        var strict = Own(new ArchiveWebFactory(Archive, ("auth-failures-per-minute", "1")));
        await Send(strict, "reader", "GET", "/api/documents", "/api/documents", token: "arch_not-a-real-token");
        await Send(strict, "reader", "GET", "/api/documents", "/api/documents", token: "arch_not-a-real-token");

        var open = Own(new ArchiveWebFactory(Archive, ("public-read", "true")));
        PublicDocument = JsonDocument.Parse(await open.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement.Clone();
        await Send(open, null, "GET", "/api/documents", "/api/documents");
        await Send(open, null, "POST", "/api/documents", "/api/documents", Upload("fresh.txt", fresh));

        var missing = Own(new ArchiveWebFactory(Archive, ("archive", Path.Combine(Path.GetTempPath(), "archive-missing-" + Guid.NewGuid().ToString("N")))));
        await Send(missing, null, "GET", "/health", "/health");
        await Send(missing, "reader", "GET", "/api/whoami", "/api/whoami");
    }

    public Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        Archive.Dispose();
        return Task.CompletedTask;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private async Task<Exchange> Send(ArchiveWebFactory host, string? role, string method, string template, string url, HttpContent? content = null, string? token = null)
    {
        using var client = host.ClientFor(role);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        using var response = await client.SendAsync(request);
        var exchange = new Exchange(
            method.ToLowerInvariant(),
            template,
            $"{method} {(url.Length > 80 ? url[..80] + "…" : url)} as {role ?? "anonymous"}",
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsByteArrayAsync(),
            response.Headers.TryGetValues("X-Pack-Id", out var pack) ? pack.Single() : null);
        Exchanges.Add(exchange);
        return exchange;
    }

    private static MultipartFormDataContent Upload(string name, byte[] bytes, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        return form;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>One request and its answer: the operation it targets (method and path template) and the body as sent back.</summary>
    public sealed record Exchange(string Method, string Template, string Request, int Status, string? MediaType, byte[] Body, string? PackId)
    {
        public override string ToString() => $"{Request} -> {Status} {MediaType}";
    }
}
