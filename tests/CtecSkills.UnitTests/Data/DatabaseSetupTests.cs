using CtecSkills.Core.Data;
using Npgsql;

namespace CtecSkills.UnitTests.Data;

public sealed class DatabaseSetupTests
{
    [Fact]
    public void WithAutoPrepare_NotSet_PreparesRepeatedStatementsAndKeepsTheRest()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;Database=ctec;Username=ctec;Password=秘密;Pooling=true"));

        Assert.Equal((20, "db", "ctec", "ctec", "秘密"), (builder.MaxAutoPrepare, builder.Host, builder.Database, builder.Username, builder.Password));
    }

    [Fact]
    public void WithAutoPrepare_SetByTheOperator_IsKept() =>
        Assert.Equal(50, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;Max Auto Prepare=50")).MaxAutoPrepare);
}
