using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

/// <summary>Kestrel on 127.0.0.1 (a free port) over a test archive, and Debian's headless Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _serverErrors = [];

    public TestArchive Archive { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = ArchiveWebApp.Create(["--archive", Archive.Root, "--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh page of <paramref name="width"/> CSS pixels whose session already holds the token of <paramref name="role"/>.</summary>
    public async Task<IPage> NewPage(string role = "admin", int width = 1280)
    {
        var context = Watch(await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, BaseURL = BaseUrl }));
        await context.AddInitScriptAsync($"sessionStorage.setItem('archive-token', '{Archive.Tokens[role]}');");
        return await context.NewPageAsync();
    }

    /// <summary>Records every 5xx answer a page of <paramref name="context"/> gets; the fixture fails at the end if there was one.</summary>
    public IBrowserContext Watch(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                _serverErrors.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return context;
    }

    /// <summary>Uploads a text file through the API as the archivist and returns its capture id.</summary>
    public async Task<string> Upload(string fileName, string content)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Archive.Tokens["archivist"]);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capture_id").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Archive.Dispose();

        // No request a browser test makes may get a server error; checked once all the collection's tests have run.
        Assert.True(_serverErrors.IsEmpty, "server errors during the browser tests:\n" + string.Join("\n", _serverErrors));
    }
}
