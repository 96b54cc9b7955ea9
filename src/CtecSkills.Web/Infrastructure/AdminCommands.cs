using System.Globalization;
using System.Text.Json;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Admin;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Data;
using CtecSkills.Core.Seeding;

namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// Operations run through the app's own entry point, e.g. <c>dotnet CtecSkills.Web.dll backup /backups/today.db</c>,
/// so they use exactly the configuration the site uses.
/// </summary>
public static class AdminCommands
{
    public static readonly IReadOnlyList<string> Names = ["migrate", "seed-demo", "create-admin", "backup", "index-decompose", "index-synthetic-facts", "index-release"];

    public static bool TryGet(string[] args, out string command)
    {
        command = args.Length > 0 ? args[0] : "";
        return Names.Contains(command);
    }

    public static async Task<int> RunAsync(WebApplication app, string command, string[] args)
    {
        var output = Console.Out;
        try
        {
            switch (command)
            {
                case "migrate":
                    await app.PrepareDatabaseAsync();
                    await output.WriteLineAsync("Database is up to date.");
                    return 0;
                case "seed-demo":
                    if (app.Environment.IsProduction())
                    {
                        await Console.Error.WriteLineAsync("seed-demo is refused in Production: demo accounts have published passwords.");
                        return 2;
                    }
                    await app.PrepareDatabaseAsync();
                    await using (var scope = app.Services.CreateAsyncScope())
                    {
                        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
                    }
                    await output.WriteLineAsync("Demo data is in place.");
                    return 0;
                case "create-admin":
                    return await CreateAdminAsync(app, args);
                case "backup":
                    if (args.Length != 1)
                    {
                        await Console.Error.WriteLineAsync("usage: backup <file>");
                        return 2;
                    }
                    await using (var scope = app.Services.CreateAsyncScope())
                    {
                        await scope.ServiceProvider.GetRequiredService<DatabaseBackup>().BackupAsync(args[0], CancellationToken.None);
                    }
                    await output.WriteLineAsync($"Backup written to {Path.GetFullPath(args[0])}.");
                    return 0;
                case "index-decompose":
                    return await DecomposeAsync(app, args);
                case "index-synthetic-facts":
                    return await SyntheticFactsAsync(app, args);
                case "index-release":
                    return await ReleaseAsync(app, args);
                default:
                    return 2;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static readonly JsonSerializerOptions IndentedJson = new(JsonSerializerOptions.Web) { WriteIndented = true };

    /// <summary>Every index measure of an analyst's CSV file, as JSON on standard output; each bad row named on standard error.</summary>
    private static async Task<int> DecomposeAsync(WebApplication app, string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: index-decompose <table.csv>   (columns province, locality, area, population, value)");
            return 2;
        }
        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await using var file = File.OpenRead(args[0]);
        var result = await scope.ServiceProvider.GetRequiredService<IndexReleaseService>().DecomposeAsync(file, CancellationToken.None);
        if (result.Report is null)
        {
            foreach (var e in result.Table.Errors)
            {
                await Console.Error.WriteLineAsync(e.Line > 0 ? $"line {e.Line}: {e.Problem} {e.Value}".TrimEnd() : $"{e.Problem} {e.Value}".TrimEnd());
            }
            return 1;
        }
        var dto = Features.Analytics.DecomposeDto.From(result.Report, result.Table.Cells.Count);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(dto, IndentedJson));
        return 0;
    }

    /// <summary>Builds a release now, as the nightly job does (k and noise from the Index settings).</summary>
    private static async Task<int> ReleaseAsync(WebApplication app, string[] args)
    {
        if (args.Length != 3 || !Enum.TryParse<ReleasePeriodKind>(args[0], ignoreCase: true, out var kind)
            || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var year) || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var number))
        {
            await Console.Error.WriteLineAsync("usage: index-release <month|quarter|year> <year> <month, quarter or 1>");
            return 2;
        }
        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IndexOptions>>().Value;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<IndexReleaseService>().BuildAsync(
            new ReleaseRequest(new ReleasePeriod(kind, year, number), ReleaseBreakdown.None, options.K, options.Noise ? options.Epsilon : null, "admin-command"), CancellationToken.None);
        if (result.Release is not { } release)
        {
            await Console.Error.WriteLineAsync($"No release: {result.Problem}.");
            return 1;
        }
        await Console.Out.WriteLineAsync($"Release {release.Id} ({release.Period.Label}) built from {release.FactCount} facts in {watch.Elapsed.TotalSeconds:F2} s.");
        return 0;
    }

    /// <summary>Writes seeded synthetic facts (labelled as such) for demos and load tests; refused in Production.</summary>
    private static async Task<int> SyntheticFactsAsync(WebApplication app, string[] args)
    {
        if (app.Environment.IsProduction())
        {
            await Console.Error.WriteLineAsync("index-synthetic-facts is refused in Production: synthetic facts would enter the published index.");
            return 2;
        }
        if (args.Length is < 3 or > 4
            || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var count) || count <= 0
            || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var first) || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var last) || last < first
            || first % 100 is < 1 or > 12 || last % 100 is < 1 or > 12
            || (args.Length == 4 && !int.TryParse(args[3], CultureInfo.InvariantCulture, out _)))
        {
            await Console.Error.WriteLineAsync("usage: index-synthetic-facts <count> <first yyyyMM> <last yyyyMM> [seed]");
            return 2;
        }
        var seed = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var written = await SyntheticFacts.GenerateAndInsertAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), count, first, last, seed, CancellationToken.None);
        await Console.Out.WriteLineAsync($"{written} synthetic facts written ({first}–{last}, seed {seed}).");
        return 0;
    }

    private static async Task<int> CreateAdminAsync(WebApplication app, string[] args)
    {
        if (args.Length < 1 || args.Length > 2)
        {
            await Console.Error.WriteLineAsync("usage: create-admin <email> [display name]   (the password is read from CTEC_ADMIN_PASSWORD or standard input)");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("CTEC_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            await Console.Out.WriteAsync("Password: ");
            password = Console.ReadLine();
        }
        if (string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("A password is required.");
            return 2;
        }

        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var result = await accounts.CreateStaffAccountAsync(args[0], password, args.Length > 1 ? args[1] : args[0], Roles.Admin, CancellationToken.None);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error.Description);
            }
            return 1;
        }
        await Console.Out.WriteLineAsync($"Admin {args[0]} created.");
        return 0;
    }
}
