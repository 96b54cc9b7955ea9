using System.Globalization;
using System.IO.Compression;
using CtecSkills.Core.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace CtecSkills.Core.Credentials;

/// <summary>What the printed certificate shows; all in Chinese, the language of the document.</summary>
public sealed record CertificateContent(
    string LearnerName,
    string AchievementName,
    string CourseTitle,
    string IssuerName,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    string DisplayCode,
    Uri VerifyUrl,
    bool Revoked = false);

/// <summary>
/// A printable A4 certificate (PDFsharp) with the QR code and the typed code, in Droid Sans Fallback (Apache-2.0,
/// shipped in <c>Fonts/</c>), embedded as a subset so that each PDF stays small.
/// </summary>
public static class CertificatePdf
{
    /// <summary>Printed large across a revoked credential's certificate.</summary>
    public const string RevokedStamp = "已撤销";

    /// <summary>Added to the document title of a revoked credential's certificate.</summary>
    public const string RevokedTitleSuffix = "（已撤销）";

    private static readonly Lazy<bool> FontsReady = new(() =>
    {
        GlobalFontSettings.FontResolver ??= new CjkFontResolver();
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The certificate of an issued credential, as the wallet and the personal data download give it.</summary>
    public static byte[] Render(CredentialSummary summary, CredentialUrls urls)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(urls);
        return Render(new CertificateContent(
            summary.LearnerName, summary.AchievementName, summary.CourseTitle, summary.IssuerName,
            summary.ValidFrom, summary.ValidUntil, summary.DisplayCode, urls.Verify(summary.Code),
            summary.State == CredentialState.Revoked));
    }

    public static byte[] Render(CertificateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        _ = FontsReady.Value;
        using var document = new PdfDocument();
        document.Info.Title = content.Revoked ? content.AchievementName + RevokedTitleSuffix : content.AchievementName;
        document.Info.Creator = "CtecSkills";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
            var title = new XFont(CjkFontResolver.Family, 30, XFontStyleEx.Regular, options);
            var large = new XFont(CjkFontResolver.Family, 22, XFontStyleEx.Regular, options);
            var body = new XFont(CjkFontResolver.Family, 13, XFontStyleEx.Regular, options);
            var small = new XFont(CjkFontResolver.Family, 10, XFontStyleEx.Regular, options);
            var ink = new XSolidBrush(XColor.FromArgb(0x1f, 0x2a, 0x44));
            var border = new XPen(XColor.FromArgb(0x1f, 0x5f, 0x8b), 3);
            gfx.DrawRectangle(border, 28, 28, width - 56, page.Height.Point - 56);

            void Center(string text, XFont font, double y) =>
                gfx.DrawString(text, font, ink, new XRect(40, y, width - 80, font.Height + 4), XStringFormats.TopCenter);

            Center("证  书", title, 90);
            Center(content.LearnerName, large, 170);
            Center("学完了课程", body, 215);
            Center("“" + content.CourseTitle + "”", large, 240);
            Center("获得", body, 285);
            Center(content.AchievementName, large, 310);
            Center("颁发机构：" + content.IssuerName, body, 370);
            var dates = "颁发日期：" + Date(content.ValidFrom)
                + (content.ValidUntil is { } until ? "    有效期至：" + Date(until) : "    长期有效");
            Center(dates, body, 395);

            const double qrSize = 150;
            DrawQr(gfx, QrCodes.Modules(content.VerifyUrl.AbsoluteUri), (width - qrSize) / 2, 460, qrSize);
            Center("核验码：" + content.DisplayCode, large, 625);
            Center("用手机扫码，或打开下面的网址输入核验码，即可查验真伪和是否有效：", small, 665);
            Center(content.VerifyUrl.AbsoluteUri, small, 682);
            if (content.Revoked)
            {
                // Across the middle of the page, over everything else, so that no print of it passes for valid.
                var stamp = new XFont(CjkFontResolver.Family, 120, XFontStyleEx.Regular, options);
                var red = new XSolidBrush(XColor.FromArgb(200, 0xc0, 0x1b, 0x1b));
                var middle = new XPoint(width / 2, page.Height.Point / 2);
                gfx.RotateAtTransform(-30, middle);
                gfx.DrawString(RevokedStamp, stamp, red, new XRect(0, middle.Y - 70, width, 140), XStringFormats.Center);
            }
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    // Vector squares rather than a bitmap: sharp at any print size, and no image decoder involved.
    private static void DrawQr(XGraphics gfx, bool[,] modules, double x, double y, double size)
    {
        var count = modules.GetLength(0);
        var cell = size / count;
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < count; column++)
            {
                if (modules[row, column])
                {
                    // A hair of overlap so that adjacent squares print without seams.
                    gfx.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell + 0.05, cell + 0.05);
                }
            }
        }
    }

    private static string Date(DateTimeOffset value) =>
        value.ToOffset(Regions.BeijingTime.Offset).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private sealed class CjkFontResolver : IFontResolver
    {
        public const string Family = "Droid Sans Fallback";
        private const string Face = "DroidSansFallbackFull";

        private static readonly Lazy<byte[]> Font = new(() =>
        {
            using var resource = typeof(CjkFontResolver).Assembly.GetManifestResourceStream("CtecSkills.Core.Credentials.Fonts.DroidSansFallbackFull.ttf.gz")
                ?? throw new InvalidOperationException("The embedded CJK font is missing.");
            using var gzip = new GZipStream(resource, CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gzip.CopyTo(bytes);
            return bytes.ToArray();
        });

        // One face for everything: the font has no bold or italic, and PDFsharp simulates them when asked.
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Face);

        public byte[] GetFont(string faceName) => Font.Value;
    }
}
