using QRCoder;

namespace CtecSkills.Core.Credentials;

/// <summary>QR codes for verify URLs: SVG for pages (small, sharp on any screen), modules for the PDF to draw.</summary>
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

    /// <summary>The dark modules, quiet zone included, row by row.</summary>
    public static bool[,] Modules(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var modules = new bool[matrix.Count, matrix.Count];
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var column = 0; column < matrix.Count; column++)
            {
                modules[row, column] = matrix[row][column];
            }
        }
        return modules;
    }
}
