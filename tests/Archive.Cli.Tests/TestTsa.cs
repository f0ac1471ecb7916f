using System.Globalization;
using System.Net;
using Archive.TestInfrastructure;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Cli.Tests;

/// <summary>
/// A time-stamping authority of the test's own on 127.0.0.1: a fresh CA and TSA certificate (extended key usage
/// timeStamping, critical), and an HTTP listener that answers each RFC 3161 query with <c>openssl ts -reply</c>.
/// </summary>
internal sealed class TestTsa : IDisposable
{
    private readonly HttpListener _listener;
    private readonly string _folder;
    private readonly Task _serving;

    /// <param name="expired">The TSA certificate's validity ended a year ago (the CA's still holds).</param>
    public TestTsa(string folder, string name, bool expired = false)
    {
        _folder = Path.Combine(folder, name);
        Directory.CreateDirectory(_folder);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddYears(-3), now.AddYears(5));

        using var tsaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tsaRequest = new CertificateRequest($"CN={name} test TSA", tsaKey, HashAlgorithmName.SHA256);
        tsaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        tsaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        tsaRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var (from, to) = expired ? (now.AddYears(-2), now.AddYears(-1)) : (now.AddDays(-1), now.AddYears(1));
        using var tsa = tsaRequest.Create(ca, from, to, RandomNumberGenerator.GetBytes(8));

        CaPem = Path.Combine(_folder, "ca.pem");
        TsaPem = Path.Combine(_folder, "tsa.pem");
        File.WriteAllText(CaPem, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(TsaPem, tsa.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_folder, "tsa.key"), tsaKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Combine(_folder, "serial"), "01\n");
        File.WriteAllText(Config, $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = {_folder}
            serial = $dir/serial
            crypto_device = builtin
            signer_cert = $dir/tsa.pem
            certs = $dir/ca.pem
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256

            """);

        _listener = LoopbackListener.Start(out var port);
        Url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/tsr"));
        _serving = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>The CA that issued the TSA's certificate (what a relying party pins).</summary>
    public string CaPem { get; }

    /// <summary>The TSA's own certificate.</summary>
    public string TsaPem { get; }

    /// <summary>How many queries were answered.</summary>
    public int Answered { get; private set; }

    private string Config => Path.Combine(_folder, "ts.cnf");

    public void Dispose()
    {
        if (!_listener.IsListening)
        {
            return;
        }

        // Close alone: after Stop, Close removes the prefixes a second time, and on Linux that binds the port again
        // to find its endpoint, failing with "address already in use" when another test has taken the port meanwhile.
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContext: that ends the loop.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var id = Guid.NewGuid().ToString("N");
            var query = Path.Combine(_folder, id + ".tsq");
            var reply = Path.Combine(_folder, id + ".tsr");
            using (var file = File.Create(query))
            {
                await context.Request.InputStream.CopyToAsync(file).ConfigureAwait(false);
            }

            var result = TempArchive.Finish(TempArchive.StartProcess("openssl", ["ts", "-reply", "-config", Config, "-queryfile", query, "-out", reply]));
            if (result.ExitCode != 0 || !File.Exists(reply))
            {
                context.Response.StatusCode = 500;
                context.Response.Close();
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(reply).ConfigureAwait(false);
            context.Response.ContentType = "application/timestamp-reply";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
            Answered++;
        }
    }
}
