using CtecSkills.Core.Mail;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Admin;

/// <summary>Emails the development sender kept; how a tester opens a password reset link.</summary>
[Authorize(Policy = Policies.Admin), Route("admin/mail-outbox")]
public sealed class MailOutboxController(MailOutboxService outbox) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? to, CancellationToken ct) =>
        View(new MailOutboxViewModel(to?.Trim(), await outbox.ListAsync(to, 100, ct)));
}

public sealed record MailOutboxViewModel(string? To, IReadOnlyList<MailOutboxMessage> Messages);
