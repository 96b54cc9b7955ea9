using CtecSkills.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CtecSkills.UnitTests;

/// <summary>A real SQLite database in memory with the app's schema; it lives as long as this object.</summary>
internal sealed class MemoryDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public MemoryDatabase(params IInterceptor[] interceptors)
    {
        _connection.Open();
        Db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(_connection).AddInterceptors(interceptors).Options);
        Db.Database.EnsureCreated();
    }

    public AppDbContext Db { get; }

    public void Dispose()
    {
        Db.Dispose();
        _connection.Dispose();
    }
}
