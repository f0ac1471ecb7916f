using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

/// <summary>
/// <c>archive serve</c> as a real process answering the API's main routes: the web host's own tests run it in the test
/// process, so this is what checks the host inside the published program (<c>ARCHIVE_CLI</c>, see <see cref="TempArchive"/>),
/// where every JSON body and request delegate must work without reflection.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ServeApiTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Serve_MainRoutes_AnswerWithTheirJsonBodies()
    {
        var document = _archive.WriteInput("report.txt", "A report on the prison attack in Hasakah.\n");
        var id = _archive.RunJson("ingest", document)["results"]![0]!["capture_id"]!.GetValue<string>();
        var token = _archive.RunJson("token", "create", "--role", "admin", "--name", "smoke")["token"]!.GetValue<string>();
        using var server = _archive.Start("serve", "--urls", "http://127.0.0.1:0", "--json");
        try
        {
            var url = await Listening(server);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var ui = await http.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
            Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);

            Assert.NotNull((await Json(http, HttpMethod.Get, "/openapi/v1.json"))["paths"]!["/api/search"]);
            Assert.Equal("admin", (await Json(http, HttpMethod.Get, "/api/whoami"))["role"]!.GetValue<string>());
            Assert.Equal(1, (await Json(http, HttpMethod.Get, "/api/documents"))["total"]!.GetValue<int>());
            Assert.Equal(id, (await Json(http, HttpMethod.Get, $"/api/documents/{id}"))["capture"]!["id"]!.GetValue<string>());
            Assert.Equal("A report", (await Json(http, HttpMethod.Get, $"/api/documents/{id}/passage?start=0&end=8"))["text"]!.GetValue<string>());
            Assert.NotNull((await Json(http, HttpMethod.Get, $"/api/documents/{id}/citation?start=0&end=8"))["citation"]);
            var search = await Json(http, HttpMethod.Get, "/api/search?q=prison&limit=5&passages=2&lang=en");
            Assert.Equal(1, search["total"]!.GetValue<int>());
            Assert.NotEmpty(search["hits"]![0]!["passages"]!.AsArray());
            Assert.NotEmpty((await Json(http, HttpMethod.Get, "/api/log/checkpoints")).AsArray());
            Assert.NotNull((await Json(http, HttpMethod.Get, "/api/log/proof/0"))["root"]);
            Assert.True((await Json(http, HttpMethod.Post, "/api/verify?record=false"))["ok"]!.GetValue<bool>());
            Assert.Empty((await Json(http, HttpMethod.Get, "/api/packs")).AsArray());
            Assert.NotNull((await Json(http, HttpMethod.Post, "/api/briefs/check", new StringContent("# A brief\n\nNo citations.\n", Encoding.UTF8, "text/markdown")))["problems"]);

            using var missing = await http.GetAsync(new Uri("/api/documents/ffffffffffff", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["title"]);
        }
        finally
        {
            await Stop(server);
        }
    }

    /// <summary>
    /// The published program's type data, which the runtime writes at every start, lies in transparent huge pages
    /// (src/Archive.Cli/Native/hugepages.c): 4 KiB pages made that about 9,000 page faults, most of a short command's
    /// time. Checked where it applies: a native program (<c>ARCHIVE_CLI</c>, as scripts/test.sh runs the tests) on a
    /// kernel that offers huge pages on request.
    /// </summary>
    [Fact]
    public async Task Serve_PublishedProgram_ItsZeroFilledDataLiesInHugePages()
    {
        if (TempArchive.Published is null || !File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
            || File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]", StringComparison.Ordinal))
        {
            return;
        }

        using var server = _archive.Start("serve", "--urls", "http://127.0.0.1:0", "--json");
        try
        {
            await Listening(server);
            var proc = $"/proc/{server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            // The program's path as the kernel names it in the maps, links resolved.
            var program = new FileInfo($"{proc}/exe").LinkTarget!;
            var kilobytes = ZeroFilledHugePages(File.ReadAllLines($"{proc}/smaps"), program);
            Assert.True(kilobytes >= 2048, $"the program's zero-filled data holds {kilobytes} kB in huge pages");
        }
        finally
        {
            await Stop(server);
        }
    }

    /// <summary>
    /// The kilobytes in huge pages of the anonymous mappings that follow the program's last mapping of its own file
    /// without a gap: the part of its data segment the kernel fills with zeros at exec.
    /// </summary>
    private static long ZeroFilledHugePages(string[] smaps, string program)
    {
        long total = 0;
        var afterProgram = false;
        ulong end = 0;
        foreach (var line in smaps)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                var range = fields[0].Split('-');
                var start = Convert.ToUInt64(range[0], 16);
                var path = fields.Length >= 6 ? string.Join(' ', fields[5..]) : "";
                if (path == program)
                {
                    afterProgram = true;
                    total = 0;
                }
                else if (!afterProgram || path.Length > 0 || start != end)
                {
                    afterProgram = false;
                }

                end = Convert.ToUInt64(range[1], 16);
            }
            else if (afterProgram && fields is ["AnonHugePages:", var size, "kB"])
            {
                total += long.Parse(size, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>Waits for <c>serve --json</c>'s first line and returns the URL it listens on.</summary>
    private static async Task<string> Listening(System.Diagnostics.Process server)
    {
        var stderr = server.StandardError.ReadToEndAsync();
        var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (line is null)
        {
            Assert.Fail("serve exited before listening: " + await stderr);
        }

        return JsonNode.Parse(line)!["urls"]![0]!.GetValue<string>();
    }

    /// <summary>Stops the server as a service manager does (SIGTERM), killing it if it has not ended within 30 s.</summary>
    private static async Task Stop(System.Diagnostics.Process server)
    {
        if (!server.HasExited)
        {
            using var kill = TempArchive.StartProcess("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        if (!server.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            server.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Sends a request, requires 200 and returns the parsed JSON body.</summary>
    private static async Task<JsonNode> Json(HttpClient http, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode}\n{body}");
        return JsonNode.Parse(body)!;
    }
}
