using Archive.Web.Hosting;

namespace Archive.Web;

/// <summary>The web host's entry point; tests start it through <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task Main(string[] args) => ArchiveWebApp.Create(args).RunAsync();
}
