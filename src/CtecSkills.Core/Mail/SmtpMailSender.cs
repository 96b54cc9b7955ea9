using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CtecSkills.Core.Mail;

/// <summary>
/// Sends through the configured SMTP server with MailKit: one connection per message (a password reset is rare), signed
/// in when a user name is set. Anything that stops the message is a <see cref="MailDeliveryException"/>.
/// </summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options) : IMailSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task SendAsync(MailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host ?? "", settings.Port, SecurityOf(settings), ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ProtocolException
            or CommandException or AuthenticationException or SslHandshakeException or TimeoutException)
        {
            throw new MailDeliveryException($"Mail server {settings.Host}:{settings.Port} did not take the message: {e.Message}", e);
        }
    }

    private static SecureSocketOptions SecurityOf(MailOptions settings) => settings.Security.ToUpperInvariant() switch
    {
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        "NONE" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
