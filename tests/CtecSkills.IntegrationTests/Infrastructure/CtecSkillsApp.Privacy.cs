using System.IO.Compression;
using System.Text.Json;
using CtecSkills.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>The person taps 我的数据 on /me, then 准备下载文件; returns the page they land on.</summary>
    public static async Task<HtmlPage> RequestMyDataAsync(HttpClient person)
    {
        var me = await GetPageAsync(person, "/me");
        var link = me.Document.QuerySelector("a[href='/me/data']");
        Assert.True(link is not null, "/me has no link to 我的数据.");
        var page = await GetPageAsync(person, "/me/data");
        return await SubmitAndFollowAsync(person, page.Form("/me/data/exports"));
    }

    /// <summary>The export job as Hangfire runs it after the request's commit (tests have no job server).</summary>
    public async Task RunExportJobAsync(long exportId)
    {
        // Verification logs are written behind the request; the job runs after they land, as it would in production.
        await QueryAsync(_ => Task.FromResult(0));
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PersonalDataExportJob>().RunAsync(exportId, default);
    }

    /// <summary>The export service on a clock showing the given moment (to get past an expiry or a lease).</summary>
    public async Task<T> WithExportsAtAsync<T>(DateTimeOffset now, Func<PersonalDataExportService, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        var service = ActivatorUtilities.CreateInstance<PersonalDataExportService>(scope.ServiceProvider, new FakeTimeProvider(now.ToUniversalTime()));
        return await use(service);
    }

    public Task<List<DataExport>> ExportsOfAsync(string userId) =>
        QueryAsync(db => db.DataExports.AsNoTracking().Where(x => x.UserId == userId).OrderBy(x => x.Id).ToListAsync());

    /// <summary>Requests, builds and downloads the person's data the way they would; returns the zip's files.</summary>
    public async Task<(long ExportId, Dictionary<string, byte[]> Files)> DownloadMyDataAsync(HttpClient person, string userId)
    {
        var requested = await RequestMyDataAsync(person);
        Assert.Contains("已开始准备", requested.Text, StringComparison.Ordinal);
        var export = (await ExportsOfAsync(userId)).Last();
        await RunExportJobAsync(export.Id);
        var page = await GetPageAsync(person, "/me/data");
        var link = page.Document.QuerySelector($"a[href='/me/data/exports/{export.Id}']");
        Assert.True(link is not null, $"No download link on /me/data: {page.Text}");
        using var response = await person.GetAsync(link.GetAttribute("href"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return (export.Id, Unzip(await response.Content.ReadAsByteArrayAsync()));
    }

    public static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }, StringComparer.Ordinal);
    }

    public static JsonElement DataJson(Dictionary<string, byte[]> files) =>
        JsonDocument.Parse(files[PersonalDataExportBuilder.DataFile]).RootElement.Clone();
}
