using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <param name="Status">What the gateway answered (0 when it held the request until the caller gave up).</param>
public sealed record ReceivedSms(string Body, string? ContentType, string? Secret, string? IdempotencyKey = null, int Status = 200)
{
    public string Phone => Field("phone");

    public string Text => Field("text");

    private string Field(string name)
    {
        using var json = JsonDocument.Parse(Body);
        return json.RootElement.GetProperty(name).GetString()!;
    }
}

/// <summary>
/// A stand-in for the operator's SMS gateway on a real local port: records what it is sent and answers as told. Like
/// real gateways it keeps idempotency keys: a second request with a key it accepted before is answered 200 but not
/// delivered again (<see cref="Delivered"/> is what reached phones).
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> _keys = new();
    private WebApplication? _server;
    private int _failNext;
    private int _hangNext;

    public ConcurrentQueue<ReceivedSms> Received { get; } = new();

    /// <summary>Messages that reached a phone: one per idempotency key.</summary>
    public ConcurrentQueue<ReceivedSms> Delivered { get; } = new();

    /// <summary>The status the gateway answers with; 200 unless a test wants the gateway to fail.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    /// <summary>The next this many requests are answered 503, whatever <see cref="Answer"/> says.</summary>
    public int FailNext
    {
        get => Volatile.Read(ref _failNext);
        set => Volatile.Write(ref _failNext, value);
    }

    /// <summary>The next this many requests are held for <see cref="HangFor"/> (past the app's timeout) and not delivered.</summary>
    public int HangNext
    {
        get => Volatile.Read(ref _hangNext);
        set => Volatile.Write(ref _hangNext, value);
    }

    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long each accepted request takes (to widen a race).</summary>
    public TimeSpan Delay { get; set; }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public void Reset()
    {
        Answer = HttpStatusCode.OK;
        FailNext = 0;
        HangNext = 0;
        Delay = TimeSpan.Zero;
        Received.Clear();
        Delivered.Clear();
        _keys.Clear();
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/sms/send", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            var sms = new ReceivedSms(body, context.Request.ContentType, context.Request.Headers["X-Gateway-Secret"].ToString(), key);
            if (Interlocked.Decrement(ref _hangNext) >= 0)
            {
                Received.Enqueue(sms with { Status = 0 });
                await Task.Delay(HangFor, CancellationToken.None);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            Interlocked.Increment(ref _hangNext);
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                Received.Enqueue(sms with { Status = StatusCodes.Status503ServiceUnavailable });
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            Interlocked.Increment(ref _failNext);
            await Task.Delay(Delay, CancellationToken.None);
            var status = (int)Answer;
            Received.Enqueue(sms with { Status = status });
            if (status < 300 && (key.Length == 0 || _keys.TryAdd(key, true)))
            {
                Delivered.Enqueue(sms with { Status = status });
            }
            return Results.StatusCode(status);
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
