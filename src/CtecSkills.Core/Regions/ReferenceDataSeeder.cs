using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Data;
using CtecSkills.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Regions;

/// <summary>
/// Data every installation needs, demo or not: the localities of the economic circle and a first population
/// reference. Runs after each migration and only fills what is missing, so admin corrections stay.
/// </summary>
public sealed class ReferenceDataSeeder(AppDbContext db, TimeProvider clock)
{
    public const string LocalitiesFile = "ctec-localities.csv";
    public const string InitialPopulationSource = "2020年第七次全国人口普查（城乡划分按城镇化率估算）";

    public async Task SeedAsync(string seedDirectory, CancellationToken ct)
    {
        if (await db.Localities.AnyAsync(ct))
        {
            return;
        }

        var rows = ReadLocalities(Path.Combine(seedDirectory, LocalitiesFile));
        db.Localities.AddRange(rows.Select(r => r.Locality));
        var reference = new PopulationReference
        {
            Source = InitialPopulationSource,
            Year = 2020,
            ImportedAt = clock.GetUtcNow(),
            ImportedBy = "seed",
            IsCurrent = true,
        };
        foreach (var (locality, population, urbanization) in rows)
        {
            var urban = (long)Math.Round(population * urbanization, MidpointRounding.AwayFromZero);
            reference.Figures.Add(new PopulationFigure { LocalityCode = locality.Code, Area = Area.Urban, Population = urban });
            reference.Figures.Add(new PopulationFigure { LocalityCode = locality.Code, Area = Area.Rural, Population = population - urban });
        }
        db.PopulationReferences.Add(reference);
        await db.SaveChangesAsync(ct);
    }

    public static List<(Locality Locality, long Population, double Urbanization)> ReadLocalities(string path)
    {
        using var csv = CsvReader.FromText(File.ReadAllText(path), CsvFiles.ReaderOptions);
        var header = CsvFiles.HeaderIndex(csv);
        string Get(string column) => CsvFiles.Field(csv, header[column]);
        var result = new List<(Locality, long, double)>();
        while (csv.Read())
        {
            var locality = new Locality
            {
                Code = Get("code"),
                ProvinceCode = Get("province_code"),
                ProvinceName = Get("province_zh"),
                Name = Get("name_zh"),
                NameEn = Get("name_en"),
                Kind = Enum.Parse<LocalityKind>(Get("kind"), ignoreCase: true),
                Tier = Enum.Parse<LocalityTier>(Get("tier"), ignoreCase: true),
                Coverage = Get("coverage"),
            };
            result.Add((locality,
                long.Parse(Get("population_2020"), CultureInfo.InvariantCulture),
                double.Parse(Get("urbanization_2020"), CultureInfo.InvariantCulture)));
        }
        return result;
    }
}
