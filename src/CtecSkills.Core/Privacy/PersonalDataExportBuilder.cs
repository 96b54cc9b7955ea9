using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Core.Privacy;

/// <summary>
/// Builds the zip a person downloads from "我的数据": <c>data.json</c> with everything, one Excel-friendly CSV per kind,
/// each credential's signed forms and printable certificate, and a short explanation in Chinese and English.
/// </summary>
public sealed class PersonalDataExportBuilder(
    AppDbContext db, PersonalDataCollector collector, CredentialService credentials, CredentialUrls urls,
    IStringLocalizer<PersonalDataExportBuilder> text, TimeProvider clock)
{
    public const string DataFile = "data.json";
    public const string CsvFolder = "csv/";
    public const string ReadmeZh = "说明.txt";
    public const string ReadmeEn = "README.txt";

    public static string CredentialFolder(string verificationCode) => $"credentials/{verificationCode}/";

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        // The file is for people to read: Chinese stays Chinese rather than \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The zip of the person's data; null when the account no longer exists.</summary>
    public async Task<byte[]?> BuildAsync(string userId, CancellationToken ct)
    {
        var sections = await collector.CollectAsync(userId, ct);
        if (sections is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, DataFile, Json(userId, sections));
            foreach (var section in sections)
            {
                Add(zip, CsvFolder + section.Key + ".csv", CsvFiles.ForExcel(Csv(section)));
            }
            await AddCredentialsAsync(zip, userId, ct);
            Add(zip, ReadmeZh, Encoding.UTF8.GetBytes(Readme("zh-CN", sections)));
            Add(zip, ReadmeEn, Encoding.UTF8.GetBytes(Readme("en", sections)));
        }
        return buffer.ToArray();
    }

    private async Task AddCredentialsAsync(ZipArchive zip, string userId, CancellationToken ct)
    {
        var issued = await db.IssuedCredentials.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id)
            .Select(c => new { c.VerificationCode, c.Jws, c.CredentialJson }).ToListAsync(ct);
        foreach (var c in issued)
        {
            var folder = CredentialFolder(c.VerificationCode);
            Add(zip, folder + "credential.jws", Encoding.ASCII.GetBytes(c.Jws));
            Add(zip, folder + "credential.json", Encoding.UTF8.GetBytes(c.CredentialJson));
            if (await credentials.FindSummaryAsync(c.VerificationCode, ct) is { } summary)
            {
                Add(zip, folder + "certificate.pdf", CertificatePdf.Render(summary, urls));
            }
        }
    }

    private byte[] Json(string userId, List<PersonalDataSection> sections)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("userId", userId);
            json.WriteString("exportedAt", PersonalDataSection.Time(clock.GetUtcNow()));
            json.WriteString("timeZone", "Asia/Shanghai (UTC+8)");
            json.WriteStartObject("sections");
            foreach (var section in sections)
            {
                json.WriteStartObject(section.Key);
                json.WriteString("table", section.Table);
                json.WriteStartArray("rows");
                foreach (var row in section.Rows)
                {
                    json.WriteStartObject();
                    for (var i = 0; i < row.Length; i++)
                    {
                        json.WritePropertyName(section.Columns[i]);
                        WriteValue(json, row[i]);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int n:
                json.WriteNumberValue(n);
                break;
            case long n:
                json.WriteNumberValue(n);
                break;
            case double n:
                json.WriteNumberValue(n);
                break;
            default:
                json.WriteStringValue(PersonalDataSection.Text(value));
                break;
        }
    }

    private static string Csv(PersonalDataSection section)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvFiles.WriterOptions, leaveOpen: true))
        {
            csv.WriteRecord(section.Columns.ToArray());
            foreach (var row in section.Rows)
            {
                csv.WriteRecord(row.Select(PersonalDataSection.Text).ToArray());
            }
        }
        return writer.ToString();
    }

    private string Readme(string culture, List<PersonalDataSection> sections)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var readme = new StringBuilder();
            readme.AppendLine(text["Readme.Intro", PersonalDataSection.Time(clock.GetUtcNow())]);
            readme.AppendLine();
            readme.AppendLine(text["Readme.Data", DataFile]);
            readme.AppendLine(text["Readme.Csv", CsvFolder]);
            foreach (var section in sections)
            {
                readme.Append("  ").Append(CsvFolder).Append(section.Key).Append(".csv  ")
                    .AppendLine(text["Readme.Section." + section.Key, section.Rows.Count]);
            }
            readme.AppendLine(text["Readme.Credentials"]);
            readme.AppendLine();
            readme.AppendLine(text["Readme.Times"]);
            readme.AppendLine(text["Readme.Help"]);
            return readme.ToString().ReplaceLineEndings("\r\n");
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(bytes);
    }
}
