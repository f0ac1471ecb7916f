using Archive.Core.Storage;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Archive.Core.Catalog;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Security;

/// <summary>
/// Bearer tokens for the web host: 32 random bytes, base64url, prefixed <c>arch_</c>. Only the SHA-256 of a token is
/// stored. Names stay unique even after revocation, so an agent named in the event log always means one token.
/// </summary>
public sealed partial class TokenStore
{
    private readonly ArchiveDatabase _database;
    private readonly TimeProvider _clock;

    internal TokenStore(ArchiveDatabase database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
    }

    public const string Prefix = "arch_";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tokens(
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        """;

    private int _schemaReady;

    public static void CreateSchema(SqliteConnection connection, SqliteTransaction? transaction) =>
        ArchiveDatabase.Execute(connection, Schema, transaction);

    /// <summary>Creates a token. Throws <see cref="ArchiveException"/> for a bad name or role, or a name already used.</summary>
    public IssuedToken Create(string name, string role)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ValidName().IsMatch(name))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"token name '{Shorten(name)}': use 1-64 letters, digits, '.', '_', '@' or '-'");
        }

        if (!TokenRole.IsValid(role))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"role '{role}': expected one of {string.Join(", ", TokenRole.All)}");
        }

        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO tokens(name, role, hash, created_at) VALUES ($name, $role, $hash, $now)";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$role", role);
        command.Parameters.AddWithValue("$hash", Hash(token));
        command.Parameters.AddWithValue("$now", EventLog.FormatTime(_clock.GetUtcNow()));
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
        {
            throw new ArchiveException(ArchiveErrorKind.Conflict, $"a token named '{name}' already exists (names are never reused, even after revoke)", ex);
        }

        return new IssuedToken(name, role, token);
    }

    public IReadOnlyList<TokenInfo> List()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, created_at, revoked_at FROM tokens ORDER BY created_at, name";
        using var reader = command.ExecuteReader();
        var list = new List<TokenInfo>();
        while (reader.Read())
        {
            list.Add(new TokenInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return list;
    }

    /// <summary>Revokes a token by name. Throws <see cref="ArchiveException"/> when there is no live token of that name.</summary>
    public void Revoke(string name)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE tokens SET revoked_at = $now WHERE name = $name AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$now", EventLog.FormatTime(_clock.GetUtcNow()));
        if (command.ExecuteNonQuery() == 0)
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"no live token named '{Shorten(name)}'");
        }
    }

    /// <summary>The live token with this secret, or null (unknown, revoked or malformed).</summary>
    public TokenInfo? Authenticate(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 128)
        {
            return null;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, created_at FROM tokens WHERE hash = $hash AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$hash", Hash(token));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new TokenInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), null) : null;
    }

    public static string Hash(string token) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private SqliteConnection Open()
    {
        var connection = _database.Open();
        // Archives created before tokens existed get the table on first use.
        if (Interlocked.Exchange(ref _schemaReady, 1) == 0)
        {
            CreateSchema(connection, null);
        }

        return connection;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex ValidName();
}
