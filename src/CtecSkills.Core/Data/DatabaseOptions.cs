namespace CtecSkills.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>False for a number that names no provider (the binder accepts <c>7</c> for an enum).</summary>
    public bool IsValid => Enum.IsDefined(Provider);
}

/// <summary>Section <c>ConnectionStrings</c>: the one database the app uses, as <c>ConnectionStrings:Default</c>.</summary>
public sealed class ConnectionStringsOptions
{
    public const string Section = "ConnectionStrings";

    /// <summary>A SQLite file (<see cref="DatabaseSetup.DefaultSqliteConnection"/> when empty) or an Npgsql connection string.</summary>
    public string? Default { get; set; }
}
