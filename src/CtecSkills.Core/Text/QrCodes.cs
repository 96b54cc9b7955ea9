using System.Globalization;
using System.Net;
using System.Text;
using QRCoder;

namespace CtecSkills.Core.Text;

/// <summary>
/// QR codes for the check-in screen, the wallet and the certificate PDF: an SVG of one path (no style attributes, so
/// the Content-Security-Policy needs no inline style; sharp at any size, on a projector or on paper) and the module
/// matrix for the PDF to draw.
/// </summary>
public static class QrCodes
{
    /// <summary>The QR code of the text as an SVG image; with a label, named for screen readers where it is inlined.</summary>
    public static string Svg(string text, string? label = null)
    {
        var modules = Modules(text);
        var size = modules.GetLength(0);
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (modules[y, x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }
        var name = label is null ? "" : $" aria-label=\"{WebUtility.HtmlEncode(label)}\"";
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\"{name}><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>");
    }

    /// <summary>The dark modules, the 4-module quiet zone included, [row, column].</summary>
    public static bool[,] Modules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
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
