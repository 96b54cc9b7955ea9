using CtecSkills.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Accounts;

public sealed record LearnerSignUp(string Phone, string DisplayName, bool AcceptedPrivacyNotice);

/// <summary>Creates and finds accounts; the web layer signs the person in afterwards.</summary>
public sealed class AccountService(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public Task<AppUser?> FindLearnerByPhoneAsync(string phone, CancellationToken ct) =>
        db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, ct);

    /// <summary>Creates a learner whose phone has just been proven by an SMS code, recording their privacy consent.</summary>
    public async Task<IdentityResult> CreateLearnerAsync(LearnerSignUp input, CancellationToken ct)
    {
        if (!input.AcceptedPrivacyNotice)
        {
            return IdentityResult.Failed(new IdentityError { Code = "PrivacyNoticeNotAccepted" });
        }

        var now = clock.GetUtcNow();
        var user = new AppUser
        {
            UserName = input.Phone,
            PhoneNumber = input.Phone,
            PhoneNumberConfirmed = true,
            DisplayName = input.DisplayName.Trim(),
            CreatedAt = now,
            PrivacyNoticeVersion = PrivacyNotice.CurrentVersion,
            PrivacyAcceptedAt = now,
        };
        var created = await users.CreateAsync(user);
        return created.Succeeded ? await users.AddToRoleAsync(user, Roles.Learner) : created;
    }

    /// <summary>
    /// Records consent for someone a roster import registered: they accept the privacy notice at their first sign-in,
    /// having proven their phone with the SMS code.
    /// </summary>
    public async Task RecordConsentAsync(AppUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        user.PrivacyNoticeVersion = PrivacyNotice.CurrentVersion;
        user.PrivacyAcceptedAt = now;
        user.PhoneNumberConfirmed = true;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Remembers the language a signed-in person switched to: their SMS reminders are written in it.</summary>
    public Task SetCultureAsync(string userId, string culture, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Culture, culture), ct);

    /// <summary>Creates a staff, analyst, verifier or admin account that signs in with email and password.</summary>
    public async Task<IdentityResult> CreateStaffAccountAsync(
        string email, string password, string displayName, string role, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
    }

    /// <summary>
    /// Finds the account for what a person typed in the password form: an email, or a phone number for learners who
    /// added a password.
    /// </summary>
    public async Task<AppUser?> FindForPasswordSignInAsync(string login, CancellationToken ct)
    {
        if (PhoneNumber.TryNormalize(login, out var phone))
        {
            return await FindLearnerByPhoneAsync(phone, ct);
        }
        return await users.FindByEmailAsync(login.Trim());
    }
}
