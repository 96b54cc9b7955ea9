using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace CtecSkills.Core.Data;

/// <summary>
/// Tells "this unique index refused the row" apart from every other failed save, on both databases, so that a race
/// catch handles the race it expects (two taps, two nodes) and lets a foreign-key error or any other failure through.
/// </summary>
public static class UniqueViolation
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>Whether any unique index or key refused the row (for callers that retry whatever the index was).</summary>
    public static bool Is(DbUpdateException e) => e?.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException lite => lite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };

    /// <summary>
    /// Whether the unique index (or key) of <typeparamref name="TEntity"/> over exactly <paramref name="properties"/>,
    /// in that order, refused the row. PostgreSQL names the index; SQLite names its table and columns.
    /// </summary>
    public static bool Is<TEntity>(DbUpdateException e, params string[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (!Is(e!) || e.Entries.Count == 0)
        {
            return false;
        }
        var entityType = e.Entries[0].Context.Model.FindEntityType(typeof(TEntity))
            ?? throw new ArgumentException($"{typeof(TEntity).Name} is not in the model.", nameof(TEntity));
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var (name, columns) = Find(entityType, properties, table);
        return e.InnerException switch
        {
            PostgresException pg => pg.ConstraintName == name,
            SqliteException lite => lite.Message.Contains(
                "UNIQUE constraint failed: " + string.Join(", ", columns.Select(c => $"{table.Name}.{c}")) + "'", StringComparison.Ordinal),
            _ => false,
        };
    }

    private static (string? Name, IReadOnlyList<string?> Columns) Find(IEntityType entityType, string[] properties, StoreObjectIdentifier table)
    {
        bool Matches(IReadOnlyList<IProperty> over) => over.Select(p => p.Name).SequenceEqual(properties);
        if (entityType.GetIndexes().FirstOrDefault(i => i.IsUnique && Matches(i.Properties)) is { } index)
        {
            return (index.GetDatabaseName(table), [.. index.Properties.Select(p => p.GetColumnName(table))]);
        }
        if (entityType.GetKeys().FirstOrDefault(k => Matches(k.Properties)) is { } key)
        {
            return (key.GetName(table), [.. key.Properties.Select(p => p.GetColumnName(table))]);
        }
        throw new ArgumentException(
            $"{entityType.DisplayName()} has no unique index over ({string.Join(", ", properties)}).", nameof(properties));
    }
}
