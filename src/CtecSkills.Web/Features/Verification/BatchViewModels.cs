using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Text;
using CtecSkills.Core.Verification;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Verification;

/// <param name="HasSample">The demo's sample file (made of the demo's codes) can be downloaded: Seed:Showcase only.</param>
public sealed record BatchUploadViewModel(BatchFileProblem? Problem, bool HasSample = false);

public sealed record BatchResultViewModel(
    IReadOnlyList<(VerificationStatus Status, int Count)> Counts, IReadOnlyList<BatchRowResult> NeedAttention, int RowCount,
    string DownloadUrl, string DownloadName)
{
    /// <summary>The result file's columns, as resource keys; the header row is in the verifier's language.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "Batch.Column.Line", "Batch.Column.Code", "Batch.Column.Outcome", "Batch.Column.Reason", "Verify.Achievement", "Verify.Issuer",
        "Verify.Holder", "Verify.IssuedOn", "Verify.ValidUntil", "Verify.RecognizedIn",
    ];

    public static BatchResultViewModel From(BatchVerificationResult result, IStringLocalizer text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = CsvFiles.ForExcel(ToCsv(result.Rows, text));
        return new(result.Counts, [.. result.Rows.Where(r => r.Outcome.Status != VerificationStatus.Valid)], result.Rows.Count,
            "data:text/csv;charset=utf-8;base64," + Convert.ToBase64String(csv),
            text["Batch.FileName", now.ToOffset(Core.Regions.BeijingTime.Offset).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)].Value);
    }

    /// <summary>One line per input row, in input order, with what the verify page shows for its code.</summary>
    public static string ToCsv(IEnumerable<BatchRowResult> rows, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvFiles.WriterOptions, leaveOpen: true))
        {
            csv.WriteRecord([.. Columns.Select(k => text[k].Value)]);
            foreach (var row in rows)
            {
                var o = row.Outcome;
                var c = o.Credential;
                csv.WriteRecord([
                    row.Line.ToString(CultureInfo.InvariantCulture),
                    row.Typed,
                    text["Verify.Status." + o.Status].Value,
                    Reason(o, text),
                    c?.AchievementName ?? "",
                    c?.IssuerName ?? "",
                    c?.HolderName ?? "",
                    c is null ? "" : VerifyPageViewModel.Date(c.IssuedOn),
                    c?.ValidUntil is { } until ? VerifyPageViewModel.Date(until) : "",
                    string.Join("；", o.RecognizedIn.Select(r => text["Verify.RecognizedLine", r.ProvinceName, r.LocalStandard, r.Reference].Value)),
                ]);
            }
        }
        return writer.ToString();
    }

    /// <summary>Why a row is not valid: the reason of its first failed check; empty for a valid one.</summary>
    public static string Reason(VerificationOutcome outcome, IStringLocalizer text) =>
        outcome?.FirstFailure is { } failed ? text["Verify.Reason." + failed.Reason].Value : "";
}

public sealed record VerificationHistoryViewModel(
    VerificationHistoryFilter Filter, VerificationHistoryPage Page, IReadOnlyList<Core.Organizations.Organization> Organizations)
{
    /// <summary>Admins see whose verification it was; a verifier only ever sees their own.</summary>
    public bool ShowOrganization => Filter.UserId is null;

    /// <summary>The query string of this filter on another page, or of the export.</summary>
    public string Query(int? page = null)
    {
        var parts = new List<string>();
        if (Filter.Outcome is { } outcome)
        {
            parts.Add("outcome=" + outcome);
        }
        if (Filter.OrganizationId is { } organization)
        {
            parts.Add("organization=" + organization.ToString(CultureInfo.InvariantCulture));
        }
        if (page is { } p)
        {
            parts.Add("page=" + p.ToString(CultureInfo.InvariantCulture));
        }
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public static string ToCsv(IEnumerable<VerificationHistoryEntry> entries, bool showOrganization, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvFiles.WriterOptions, leaveOpen: true))
        {
            string[] header = ["History.At", "History.Channel", "Batch.Column.Code", "Batch.Column.Outcome", "Verify.Achievement"];
            csv.WriteRecord([.. header.Select(k => text[k].Value), .. showOrganization ? [text["History.Organization"].Value] : Array.Empty<string>()]);
            foreach (var e in entries)
            {
                string[] fields = [Infrastructure.Display.Time(e.At), text["History.Channel." + e.Channel].Value, e.Code ?? "",
                    text["Verify.Status." + e.Outcome].Value, e.Achievement ?? ""];
                csv.WriteRecord([.. fields, .. showOrganization ? [e.OrganizationName ?? ""] : Array.Empty<string>()]);
            }
        }
        return writer.ToString();
    }
}
