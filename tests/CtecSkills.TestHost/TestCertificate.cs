using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CtecSkills.TestHost;

/// <summary>A self-signed certificate that encrypts the Data Protection keys of a host started as Production.</summary>
public static class TestCertificate
{
    public const string Password = "ctec-test";

    /// <summary>Writes a PKCS#12 file (RSA 2048, valid 2000–2100, <see cref="Password"/>) and returns its path.</summary>
    public static string WritePkcs12(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=CtecSkills test key encryption", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(folder, "key-encryption.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
