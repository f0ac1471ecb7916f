namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// What the recording proxy learnt from one TLS connection to a server: the protocol and cipher suite negotiated, the
/// server's certificate chain (leaf first, as validation built it), and the result of normal certificate validation
/// at the archive clock's time (chain to a trusted root, validity dates, host name; revocation is not checked).
/// </summary>
/// <param name="Host">The host name (or IP literal) connected to, as in the URL.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="Protocol">The TLS version negotiated, e.g. <c>TLSv1.3</c>.</param>
/// <param name="Cipher">The cipher suite negotiated, IANA name.</param>
/// <param name="Valid">True when the chain validated and the certificate names the host.</param>
/// <param name="Problems">Why validation failed (empty when valid).</param>
/// <param name="AcceptedInsecurely">True when the certificate did not validate and the capture went on because <c>--insecure-tls</c> was given.</param>
/// <param name="Chain">The server's certificates, leaf first.</param>
public sealed record TlsSession(
    string Host,
    int Port,
    string Protocol,
    string Cipher,
    bool Valid,
    IReadOnlyList<string> Problems,
    bool AcceptedInsecurely,
    IReadOnlyList<TlsCertificate> Chain)
{
    /// <summary><c>host:port</c>.</summary>
    public string Authority => Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>One line for the WARC metadata record and warnings: <c>valid</c>, or <c>failed (…)</c>.</summary>
    public string Validation => Valid ? "valid" : $"failed ({string.Join("; ", Problems)})";
}
