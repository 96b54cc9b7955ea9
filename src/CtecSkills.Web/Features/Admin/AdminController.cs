using CtecSkills.Core.Accounts;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Sms;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Admin;

[Authorize(Policy = Policies.Admin), Route("admin")]
public sealed class AdminController(OrganizationService organizations, SmsOutboxService outbox) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();

    [HttpGet("organizations")]
    public async Task<IActionResult> Organizations(CancellationToken ct) => View(await organizations.ListAsync(ct));

    /// <summary>Messages the development SMS sender kept; how a tester reads a sign-in code.</summary>
    [HttpGet("sms-outbox")]
    public async Task<IActionResult> SmsOutbox(string? phone, CancellationToken ct)
    {
        PhoneNumber.TryNormalize(phone, out var normalized);
        return View(new SmsOutboxViewModel(normalized ?? phone, await outbox.ListAsync(normalized ?? phone, 100, ct)));
    }
}

public sealed record SmsOutboxViewModel(string? Phone, IReadOnlyList<SmsOutboxMessage> Messages);
