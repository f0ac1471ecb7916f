using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Archive.Web.Tests;

/// <summary>The web host in memory over a <see cref="TestArchive"/>, with optional settings.</summary>
public sealed class ArchiveWebFactory(TestArchive archive, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public TestArchive Archive { get; } = archive;

    /// <summary>A client sending the token of <paramref name="role"/>, or no token when null.</summary>
    public HttpClient ClientFor(string? role)
    {
        var client = CreateClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Archive.Tokens[role]);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("archive", Archive.Root);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
