using System.Globalization;
using System.Text;
using QRCoder;

namespace CtecSkills.Core.Text;

/// <summary>
/// A QR code as a small SVG: one path of dark modules with a quiet zone, no style attributes (the Content-Security-Policy
/// allows no inline style) and crisp at any size, so it prints and shows well on a projector.
/// </summary>
public static class QrCodeSvg
{
    public static string Render(string text, QRCodeGenerator.ECCLevel level = QRCodeGenerator.ECCLevel.M)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, level);
        var modules = data.ModuleMatrix;
        var size = modules.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (modules[y][x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }
        // QRCoder's matrix already includes the 4-module quiet zone.
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>");
    }
}
