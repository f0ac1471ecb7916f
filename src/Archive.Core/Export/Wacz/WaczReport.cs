using Archive.Core.Storage;

namespace Archive.Core.Export.Wacz;

/// <summary>What <c>archive export wacz</c> wrote (<c>--json</c>).</summary>
/// <param name="Path">The WACZ file.</param>
/// <param name="Captures">The captures packaged, as <c>sha256:</c> ids.</param>
/// <param name="Resources">Every file listed in <c>datapackage.json</c>.</param>
/// <param name="IndexLines">Lines in <c>indexes/index.cdxj</c>.</param>
/// <param name="DatapackageHash">The <c>sha256:</c> hash of <c>datapackage.json</c>, the message the signature covers.</param>
/// <param name="KeyFingerprint">The archive key that signed it: <c>sha256:</c> of its SubjectPublicKeyInfo.</param>
/// <param name="Bytes">The size of the WACZ file.</param>
public sealed record WaczReport(
    string Path,
    IReadOnlyList<CaptureId> Captures,
    IReadOnlyList<WaczResource> Resources,
    int IndexLines,
    string DatapackageHash,
    string KeyFingerprint,
    long Bytes);
