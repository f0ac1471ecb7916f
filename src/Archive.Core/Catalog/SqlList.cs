using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Catalog;

/// <summary>
/// Binds a list of values to a command as one parameter, a JSON array that SQL reads back as rows
/// (<c>x IN (SELECT value FROM json_each($list))</c>). A parameter per value costs quadratic time to bind, since
/// SQLite finds each named parameter by a linear search of the statement's names: a page of 1,000 hits spent
/// more on binding than on reading the rows. One parameter also has no limit on the list's length.
/// </summary>
internal static class SqlList
{
    /// <summary>Adds <paramref name="values"/> as <paramref name="name"/> and returns the subquery to put after <c>IN</c>.</summary>
    public static string In(SqliteCommand command, string name, IEnumerable<long> values) =>
        Add(command, name, Array(values, static (json, value) => json.WriteNumberValue(value)));

    /// <inheritdoc cref="In(SqliteCommand, string, IEnumerable{long})"/>
    public static string In(SqliteCommand command, string name, IEnumerable<string> values) =>
        Add(command, name, Array(values, static (json, value) => json.WriteStringValue(value)));

    private static string Array<T>(IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var value in values)
            {
                write(json, value);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Add(SqliteCommand command, string name, string json)
    {
        command.Parameters.AddWithValue(name, json);
        return $"(SELECT value FROM json_each({name}))";
    }
}
