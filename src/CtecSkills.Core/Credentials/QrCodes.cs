using QRCoder;

namespace CtecSkills.Core.Credentials;

/// <summary>QR codes for verify URLs: SVG for pages (small, sharp on any screen), PNG for the PDF.</summary>
public static class QrCodes
{
    public static string Svg(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8);
    }

    public static byte[] Png(Uri url, int pixelsPerModule = 10)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule);
    }
}
