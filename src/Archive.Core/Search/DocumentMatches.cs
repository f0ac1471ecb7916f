using Archive.Core.Storage;

namespace Archive.Core.Search;

/// <summary>
/// Where a query matches inside one capture's text ("find in document"): each match with its code-point range, the
/// words it answers and why, in text order. The same rules as a search's passages, so a match found here is a match
/// the search would mark.
/// </summary>
/// <param name="Id">The capture searched.</param>
/// <param name="Query">The query as typed.</param>
/// <param name="Error">Why the query could not run (a syntax error with its column, or the time limit); null when it ran.</param>
/// <param name="Count">How many matches are listed.</param>
/// <param name="More">True when the text holds more matches than were listed.</param>
/// <param name="Matches">The matches, at most the limit asked for.</param>
/// <param name="Notes">What the user should know about the query (expansions cut, words with nothing searchable).</param>
public sealed record DocumentMatches(CaptureId Id, string Query, SearchError? Error, int Count, bool More, IReadOnlyList<PassageMatch> Matches, IReadOnlyList<string> Notes);
