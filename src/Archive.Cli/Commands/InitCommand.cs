using System.CommandLine;
using Archive.Core;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive init</c>: create the catalog, blob store and signing key.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var command = new Command("init", """
            Create an archive: SQLite catalog (WAL, synchronous=FULL), blobs/ and an ECDSA P-256 signing key in keys/.
            Safe to run again: existing parts are left as they are.

            Example:
              archive init --archive ./archive
            """)
        {
            json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var layout = cli.Layout;
            var created = ArchiveCore.Initialize(layout, cli.Clock);
            using var archive = ArchiveCore.Open(layout, cli.Clock);
            var result = new InitJson(layout.Root, created, archive.KeyId, layout.PublicKeyPath);
            if (parse.GetValue(json))
            {
                cli.WriteJson(result);
            }
            else
            {
                cli.Out.WriteLine(created ? $"Initialised archive at {layout.Root}" : $"Archive already initialised at {layout.Root}");
                cli.Out.WriteLine($"Signing key fingerprint: sha256:{archive.KeyId}");
                cli.Out.WriteLine($"Public key: {layout.PublicKeyPath}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
