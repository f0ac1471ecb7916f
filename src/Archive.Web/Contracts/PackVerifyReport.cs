using Archive.Core.Briefings;

namespace Archive.Web.Contracts;

/// <summary>
/// POST /api/packs/{id}/verify: every check of the pack (PDF digest, manifest signature, catalog record) and every
/// citation, without the server's file paths.
/// </summary>
internal sealed record PackVerifyReport(string Id, bool Ok, IReadOnlyList<PackCheckItem> Checks, IReadOnlyList<CitationVerification> Citations)
{
    public static PackVerifyReport From(string id, PackVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return new PackVerifyReport(id, verification.IsOk, verification.Checks, verification.Citations);
    }
}
