using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a free loopback port: it asks the client to sign
/// in with <see cref="UserName"/> and <see cref="Password"/> and keeps every message it accepts, parsed by MimeKit.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    public const string UserName = "ctec-mailer";
    public const string Password = "smtp-secret-2026";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private FakeSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).AllowUnsecureAuthentication(true).AuthenticationRequired(true))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        services.Add(new DelegatingUserAuthenticator((user, password) => user == UserName && password == Password));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public static async Task<FakeSmtpServer> StartAsync()
    {
        var server = new FakeSmtpServer(FreePort());
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException) when (tries < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A port nothing listens on (for the "server down" case).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
