using System.CommandLine;
using Archive.Core.Security;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive token create|list|revoke</c>: bearer tokens for the web host. Only their hashes are stored.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", $"""
            Bearer tokens for `archive serve`. A token is printed once, when created; the archive keeps only its
            SHA-256. Roles (not cumulative): reader (search and read), author (read + briefs), archivist (read +
            briefs + upload and amend), auditor (read + verify and the log; no briefs, no uploads), admin
            (everything). The token's name is recorded as the agent of every event written with it; names are
            never reused.

            Examples:
              archive token create --role archivist --name alice
              archive token list
              archive token revoke alice
            """);
        command.Subcommands.Add(CreateToken());
        command.Subcommands.Add(ListTokens());
        command.Subcommands.Add(RevokeToken());
        return command;
    }

    private static Command CreateToken()
    {
        var role = new Option<string>("--role") { Description = "reader, author, archivist, auditor or admin", Required = true };
        role.AcceptOnlyFromAmong([.. TokenRole.All]);
        var name = new Option<string>("--name") { Description = "Who holds it (recorded as the agent of their events)", Required = true };
        var json = GlobalOptions.JsonOption();
        var command = new Command("create", """
            Create a token and print it once. With --json: {"name", "role", "token"}.

            Example:
              archive token create --role author --name alice
            """) { role, name, json };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var issued = Tokens(cli).Create(parse.GetValue(name)!, parse.GetValue(role)!);
            if (parse.GetValue(json))
            {
                cli.WriteJson(issued);
            }
            else
            {
                cli.Out.WriteLine(issued.Token);
                cli.Err.WriteLine($"created {issued.Role} token '{issued.Name}'; it is shown only now. Use it as: Authorization: Bearer <token>");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static Command ListTokens()
    {
        var json = GlobalOptions.JsonOption();
        var command = new Command("list", """
            List tokens: name, role, created, revoked. Tokens themselves cannot be shown.

            Example:
              archive token list --json
            """) { json };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var tokens = Tokens(cli).List();
            if (parse.GetValue(json))
            {
                cli.WriteJson(tokens.Select(TokenJson.From).ToList());
                return ExitCodes.Ok;
            }

            foreach (var t in tokens)
            {
                cli.Out.WriteLine($"{t.Name,-24} {t.Role,-10} created {t.CreatedAt}{(t.IsRevoked ? $"  REVOKED {t.RevokedAt}" : string.Empty)}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static Command RevokeToken()
    {
        var name = new Argument<string>("NAME") { Description = "The token's name" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("revoke", """
            Revoke a token at once; requests using it get 401. Its name stays taken, so the log's agents stay unambiguous.
            With --json: {"name", "role", "created_at", "revoked_at"}.

            Example:
              archive token revoke alice
            """) { name, json };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var store = Tokens(cli);
            var revoked = parse.GetValue(name)!;
            store.Revoke(revoked);
            if (parse.GetValue(json))
            {
                var t = store.List().Single(t => string.Equals(t.Name, revoked, StringComparison.Ordinal));
                cli.WriteJson(TokenJson.From(t));
            }
            else
            {
                cli.Out.WriteLine($"revoked '{revoked}'");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static TokenStore Tokens(CliContext cli) => cli.Archive.Tokens;
}
