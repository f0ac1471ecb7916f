using Archive.Core.Storage;

namespace Archive.Core.Search;

/// <summary>
/// The captures most like one capture (Lucene's MoreLikeThis over its language's stems): the distinctive words the
/// search used, and the related captures, best first, each with the words it shares.
/// </summary>
/// <param name="Id">The capture they are related to.</param>
/// <param name="Terms">The distinctive words (stems) of that capture the search was made of, most distinctive first.</param>
/// <param name="Hits">The related captures; withdrawn ones and the capture itself left out.</param>
public sealed record RelatedResponse(CaptureId Id, IReadOnlyList<string> Terms, IReadOnlyList<RelatedHit> Hits);
