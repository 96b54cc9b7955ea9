using CtecSkills.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddCtecSkills();
var app = builder.Build();
app.ValidateSettings();

if (AdminCommands.TryGet(args, out var command))
{
    return await AdminCommands.RunAsync(app, command, args[1..]);
}

await app.PrepareDatabaseAsync();
app.UseCtecSkills();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
