using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CtecSkills.IntegrationTests.Infrastructure;

public sealed record ReceivedSms(string Body, string? ContentType, string? Secret);

/// <summary>A stand-in for the operator's SMS gateway on a real local port: records what it is sent, answers as told.</summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    private WebApplication? _server;

    public ConcurrentQueue<ReceivedSms> Received { get; } = new();

    /// <summary>The status the gateway answers with; 200 unless a test wants the gateway to fail.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/sms/send", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            Received.Enqueue(new ReceivedSms(
                await reader.ReadToEndAsync(context.RequestAborted),
                context.Request.ContentType,
                context.Request.Headers["X-Gateway-Secret"].ToString()));
            return Results.StatusCode((int)Answer);
        });
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(new Uri(address), "/sms/send");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
