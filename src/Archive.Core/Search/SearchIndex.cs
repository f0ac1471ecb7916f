using Archive.Core.Catalog;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// The full-text rows of each capture, written in the ingest transaction. Analysis happens in C#: the FTS5
/// table holds space-joined analyzed tokens, stemmed (for terms) and exact (for phrases and prefixes), and its
/// <c>ascii</c> tokenizer splits them exactly where the analyzer did. The rowid is the capture's rowid.
/// </summary>
internal sealed class SearchIndex(Analyzer analyzer) : ICaptureIndex
{
    public const string Table = "search_fts";
    public const string Vocabulary = "search_vocab";
    private const string AnalyzerKey = "search_analyzer";

    public Analyzer Analyzer { get; } = analyzer;

    public static void CreateSchema(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            CREATE VIRTUAL TABLE IF NOT EXISTS {Table} USING fts5(
                title_stem, body_stem, title_exact, body_exact,
                tokenize = 'ascii', prefix = '2 3', detail = full);
            CREATE VIRTUAL TABLE IF NOT EXISTS {Vocabulary} USING fts5vocab({Table}, 'col');
            """;
        command.ExecuteNonQuery();
    }

    public void Add(SqliteConnection connection, SqliteTransaction transaction, long rowId, string title, string text)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var analyzedTitle = Analyzer.Analyze(title);
        var analyzedBody = Analyzer.Analyze(text);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Table}(rowid, title_stem, body_stem, title_exact, body_exact) VALUES ($row, $ts, $bs, $te, $be)";
        command.Parameters.AddWithValue("$row", rowId);
        command.Parameters.AddWithValue("$ts", analyzedTitle.Stem);
        command.Parameters.AddWithValue("$bs", analyzedBody.Stem);
        command.Parameters.AddWithValue("$te", analyzedTitle.Exact);
        command.Parameters.AddWithValue("$be", analyzedBody.Exact);
        command.ExecuteNonQuery();
    }

    /// <summary>Re-analyses a capture's title after an amendment; the body rows stay as they are.</summary>
    public void UpdateTitle(SqliteConnection connection, SqliteTransaction transaction, long rowId, string title)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var analyzed = Analyzer.Analyze(title);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {Table} SET title_stem = $ts, title_exact = $te WHERE rowid = $row";
        command.Parameters.AddWithValue("$row", rowId);
        command.Parameters.AddWithValue("$ts", analyzed.Stem);
        command.Parameters.AddWithValue("$te", analyzed.Exact);
        command.ExecuteNonQuery();
    }

    /// <summary>Drops and recreates the full-text tables (any older layout included); <see cref="Add"/> then refills them.</summary>
    public static void Recreate(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"DROP TABLE IF EXISTS {Vocabulary}; DROP TABLE IF EXISTS {Table};";
            command.ExecuteNonQuery();
        }

        ArchiveDatabase.DeleteMeta(connection, transaction, AnalyzerKey);
        CreateSchema(connection, transaction);
    }

    /// <summary>
    /// Null when the index matches this version's layout and analyzer; otherwise what is wrong, phrased for a
    /// user (the fix is always <c>archive reindex</c>).
    /// </summary>
    public string? Problem(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{Table}') WHERE name IN ('title_stem', 'body_stem', 'title_exact', 'body_exact')";
        if (Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 4)
        {
            return "the search index was built by an older version of Archive; run `archive reindex`";
        }

        var indexedWith = IndexedWith(connection);
        return indexedWith is null || indexedWith == Analyzer.Signature
            ? null
            : $"the search index was built with {indexedWith}, not {Analyzer.Signature}; run `archive reindex`";
    }

    /// <summary>The analyzer signature the index was built with, or null for an empty index.</summary>
    public static string? IndexedWith(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ArchiveDatabase.MetaValue(connection, AnalyzerKey);
    }

    /// <summary>Records which analyzer wrote the rows; call once per transaction that called <see cref="Add"/>.</summary>
    public void Stamp(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArchiveDatabase.SetMeta(connection, transaction, AnalyzerKey, Analyzer.Signature);
    }
}
