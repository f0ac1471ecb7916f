namespace Archive.Web.Contracts;

/// <summary>GET /health: whether the archive opens, the tool version and the number of captures.</summary>
internal sealed record HealthReport(string Status, string Version, int? Documents);
