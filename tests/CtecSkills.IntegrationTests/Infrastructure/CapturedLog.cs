using System.Collections.Concurrent;
using CtecSkills.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>Every event, rendered with all its properties, as a log file would hold it.</summary>
public sealed class CapturedLog : ILogEventSink
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        new Serilog.Formatting.Json.JsonFormatter(renderMessage: true).Format(logEvent, writer);
        Lines.Enqueue(writer.ToString());
    }
}

/// <summary>The app with the given settings whose log also goes to <paramref name="sink"/> (the app adds sinks registered as services).</summary>
public sealed class LoggedHost(IDictionary<string, string?> settings, ILogEventSink sink) : CtecSkillsHost(settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton(sink));
    }
}
