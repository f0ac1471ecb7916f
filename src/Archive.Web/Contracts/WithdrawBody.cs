namespace Archive.Web.Contracts;

/// <summary>The body of <c>POST /api/documents/{id}/withdraw</c>.</summary>
/// <param name="Reason">Why the capture is withdrawn, kept in the log with the event (at most 1,000 characters).</param>
internal sealed record WithdrawBody(string? Reason);
