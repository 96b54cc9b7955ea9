using System.Globalization;
using System.Net;
using System.Text;
using CtecSkills.Core.Regions;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Regions;

/// <summary>Admins replace the population reference from a CSV: all rows or none, in the encodings Excel writes.</summary>
public sealed class PopulationReferenceTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    static PopulationReferenceTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task Upload_FileWithUnknownLocality_ListsLineAndReasonAndKeepsCurrentReference()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var before = await CurrentReferenceAsync();
        var lines = await DownloadCurrentLinesAsync(admin);
        lines[3] = "999999" + lines[3][lines[3].IndexOf(',', StringComparison.Ordinal)..];

        var page = await UploadAsync(admin, Encoding.UTF8.GetBytes(string.Join("\r\n", lines)));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("数据没有任何改动", page.Text);
        Assert.Contains("第 4 行： 没有代码为“999999”的地区", page.Text);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Upload_FileWithNegativePopulation_ListsLineAndReasonAndKeepsCurrentReference()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var before = await CurrentReferenceAsync();
        var lines = await DownloadCurrentLinesAsync(admin);
        lines[6] = lines[6][..(lines[6].LastIndexOf(',') + 1)] + "-5";

        var page = await UploadAsync(admin, Encoding.UTF8.GetBytes(string.Join("\r\n", lines)));

        Assert.Contains("第 7 行： 人数应是不小于 0 的整数，不是“-5”", page.Text);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Upload_CompleteGb18030FileWithChineseAreaWords_ReplacesCurrentAndKeepsOld()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var before = await CurrentReferenceAsync();
        var lines = await DownloadCurrentLinesAsync(admin);
        // What Excel on Chinese Windows saves: GB18030, no BOM, Chinese words in the cells.
        var chinese = lines.Select(l => l.Replace(",urban,", ",城镇,", StringComparison.Ordinal).Replace(",rural,", ",乡村,", StringComparison.Ordinal)).ToArray();
        var (code, area, figure) = ChangeFirstFigure(chinese, 1234);
        var bytes = Encoding.GetEncoding(54936).GetBytes(string.Join("\r\n", chinese));
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));

        var page = await UploadAsync(admin, bytes, source: "四川省、重庆市统计年鉴 2023");

        Assert.Equal("/admin/population", page.Path);
        Assert.Contains("人口基准数据已替换", page.Text);
        await AssertReplacedAsync(before, code, area, figure, "四川省、重庆市统计年鉴 2023");
    }

    [Fact]
    public async Task Upload_CompleteUtf8FileWithBom_ReplacesCurrentAndKeepsOld()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var before = await CurrentReferenceAsync();
        var lines = await DownloadCurrentLinesAsync(admin);
        var (code, area, figure) = ChangeFirstFigure(lines, 42);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\r\n", lines))).ToArray();

        var page = await UploadAsync(admin, bytes, source: "UTF-8 修订");

        Assert.Contains("人口基准数据已替换", page.Text);
        await AssertReplacedAsync(before, code, area, figure, "UTF-8 修订");
    }

    [Fact]
    public async Task Upload_FileJustOver2MB_SaysTooLargeAndKeepsCurrentReference()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var before = await CurrentReferenceAsync();
        var lines = await DownloadCurrentLinesAsync(admin);
        var padding = string.Concat(Enumerable.Repeat("\r\n", 1_010_000));

        var page = await UploadAsync(admin, Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + padding));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("文件太大，最大 2 MB", page.Text);
        await AssertUnchangedAsync(before);
    }

    /// <summary>The current reference as a CSV without its BOM, one string per line, header first.</summary>
    private static async Task<string[]> DownloadCurrentLinesAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/admin/population/current.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "The download starts with a UTF-8 BOM for Excel.");
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("locality_code,area,population", lines[0]);
        Assert.Equal(1 + (44 * 2), lines.Length);
        return lines;
    }

    private static (string Code, Area Area, long Figure) ChangeFirstFigure(string[] lines, long delta)
    {
        var cells = lines[1].Split(',');
        var figure = long.Parse(cells[2], CultureInfo.InvariantCulture) + delta;
        lines[1] = $"{cells[0]},{cells[1]},{figure.ToString(CultureInfo.InvariantCulture)}";
        Assert.True(PopulationReferenceService.TryParseArea(cells[1], out var area));
        return (cells[0], area, figure);
    }

    private static async Task<HtmlPage> UploadAsync(HttpClient admin, byte[] file, string source = "测试来源")
    {
        var page = await CtecSkillsApp.GetPageAsync(admin, "/admin/population");
        var form = page.Form("/admin/population").Set("Source", source).Set("Year", "2023");
        using var content = form.ToMultipart("file", file, "population.csv");
        return await CtecSkillsApp.FollowAsync(admin, await admin.PostAsync(form.Action, content));
    }

    private Task<PopulationReference> CurrentReferenceAsync() =>
        app.QueryAsync(db => db.PopulationReferences.AsNoTracking().SingleAsync(p => p.IsCurrent));

    private async Task AssertUnchangedAsync(PopulationReference before)
    {
        var after = await CurrentReferenceAsync();
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Source, after.Source);
        var newer = await app.QueryAsync(db => db.PopulationReferences.CountAsync(p => p.Id > before.Id));
        Assert.Equal(0, newer);
    }

    private async Task AssertReplacedAsync(PopulationReference before, string code, Area area, long figure, string source)
    {
        var current = await app.QueryAsync(db => db.PopulationReferences.AsNoTracking().Include(p => p.Figures).SingleAsync(p => p.IsCurrent));
        Assert.NotEqual(before.Id, current.Id);
        Assert.Equal(source, current.Source);
        Assert.Equal(2023, current.Year);
        Assert.Equal(44 * 2, current.Figures.Count);
        Assert.Equal(figure, current.Figures.Single(f => f.LocalityCode == code && f.Area == area).Population);

        var old = await app.QueryAsync(db => db.PopulationReferences.AsNoTracking().Include(p => p.Figures).SingleAsync(p => p.Id == before.Id));
        Assert.False(old.IsCurrent);
        Assert.Equal(44 * 2, old.Figures.Count);
        Assert.NotEqual(figure, old.Figures.Single(f => f.LocalityCode == code && f.Area == area).Population);
    }
}
