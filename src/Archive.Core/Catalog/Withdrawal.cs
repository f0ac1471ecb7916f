using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Core.Catalog;

/// <summary>A capture's withdrawal, as its signed <c>withdrawn</c> event recorded it.</summary>
/// <param name="EventIndex">The log index of the withdrawn event.</param>
/// <param name="Time">When it was written (UTC, as the log has it).</param>
/// <param name="Agent">Who withdrew the capture.</param>
/// <param name="Reason">Why, as given (empty in an event written without one).</param>
public sealed record Withdrawal(long EventIndex, string Time, string Agent, string Reason)
{
    /// <summary>The last withdrawn event among <paramref name="events"/>, or null when there is none.</summary>
    public static Withdrawal? FromEvents(IEnumerable<LoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.LastOrDefault(e => e.Type == EventType.Withdrawn) is not { } logged)
        {
            return null;
        }

        var said = JsonNode.Parse(logged.Json);
        return new Withdrawal(logged.Index, logged.Time, Text(said?["agent"]), Text(said?["data"]?["reason"]));

        static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
    }

    /// <summary>One line for a person: when, by whom, which event and why.</summary>
    public override string ToString() =>
        $"withdrawn {Time} by {Agent} (event #{EventIndex}){(Reason.Length > 0 ? ": " + Reason : string.Empty)}";
}
