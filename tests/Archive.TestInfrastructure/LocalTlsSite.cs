using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Archive.TestInfrastructure;

/// <summary>
/// A small https site on 127.0.0.1 for capture tests: a TCP listener, TLS from <see cref="SslStream"/> with the
/// certificate given, and HTTP/1.1 with fixed responses per path (Content-Length framing, kept-alive connections).
/// <see cref="SelfSigned"/> and <see cref="IssuedBy"/> make the certificates the tests need.
/// </summary>
internal sealed class LocalTlsSite : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2[] _intermediates;
    private readonly Dictionary<string, (int Status, string Head, byte[] Body)> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public LocalTlsSite(X509Certificate2 certificate, params X509Certificate2[] intermediates)
    {
        _certificate = certificate;
        _intermediates = intermediates;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>How many requests each path received.</summary>
    public Dictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    public string Url(string path) => $"https://127.0.0.1:{Port}{path}";

    public LocalTlsSite Static(string path, string contentType, byte[] body, int status = 200)
    {
        _routes[path] = (status, $"Content-Type: {contentType}\r\n", body);
        return this;
    }

    public LocalTlsSite Html(string path, string html, int status = 200) =>
        Static(path, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html), status);

    public LocalTlsSite Redirect(string path, int status, string location)
    {
        _routes[path] = (status, $"Location: {location}\r\n", []);
        return this;
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, valid between the two times.</summary>
    public static X509Certificate2 SelfSigned(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(name, key);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A test root CA (with its private key) to issue server certificates from.</summary>
    public static X509Certificate2 Authority(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost issued by <paramref name="authority"/>.</summary>
    public static X509Certificate2 IssuedBy(X509Certificate2 authority, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(name, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener throws as it stops.
        }

        _stopping.Dispose();
    }

    private static CertificateRequest ServerRequest(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }

    private async Task AcceptAsync()
    {
        var context = SslStreamCertificateContext.Create(_certificate, [.. _intermediates], offline: true);
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client, context));
        }
    }

    private async Task ServeAsync(TcpClient client, SslStreamCertificateContext context)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, _stopping.Token);
                while (await ReadHeadAsync(tls) is { } head)
                {
                    var path = head.Split(' ')[1];
                    lock (Hits)
                    {
                        Hits[path] = Hits.GetValueOrDefault(path) + 1;
                    }

                    var (status, fields, body) = _routes.TryGetValue(path, out var route) ? route : (404, "Content-Type: text/plain\r\n", "not found"u8.ToArray());
                    var response = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n{fields}Content-Length: {body.Length}\r\n\r\n"));
                    await tls.WriteAsync(response.Concat(body).ToArray(), _stopping.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away, refused the certificate, or the site is stopping.
            }
        }
    }

    /// <summary>Reads a request head (these tests send no request bodies); null at the end of the connection.</summary>
    private async Task<string?> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, _stopping.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        return Encoding.Latin1.GetString([.. head]);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        _ => "Status",
    };
}
