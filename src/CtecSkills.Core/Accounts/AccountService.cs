using CtecSkills.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Accounts;

public sealed record LearnerSignUp(string Phone, string DisplayName, bool AcceptedPrivacyNotice);

/// <param name="Phone">The normalized phone the code was sent to.</param>
/// <param name="Code">The code as typed.</param>
/// <param name="DisplayName">For a new account; empty means the masked phone.</param>
/// <param name="AcceptedPrivacyNotice">Required for a new account.</param>
public sealed record PhoneSignIn(string Phone, string? Code, string? DisplayName, bool AcceptedPrivacyNotice);

public enum PhoneSignInOutcome
{
    SignedIn,
    PrivacyNoticeNotAccepted,
    CodeWrong,
    CodeTooManyAttempts,
    CodeExpired,
    SignUpFailed,
    LockedOut,
}

/// <param name="IsNewAccount">The person is signing up (see <see cref="AccountService.IsNewAccount"/>): the page asks for a name and consent.</param>
/// <param name="User">Who to sign in, when <paramref name="Outcome"/> is <see cref="PhoneSignInOutcome.SignedIn"/>.</param>
/// <param name="AttemptsLeft">Tries left for the code after a wrong one.</param>
public sealed record PhoneSignInResult(PhoneSignInOutcome Outcome, bool IsNewAccount, AppUser? User = null, int AttemptsLeft = 0);

/// <summary>Creates and finds accounts and decides phone sign-up and sign-in; the web layer signs the person in afterwards.</summary>
public sealed class AccountService(AppDbContext db, UserManager<AppUser> users, SmsCodeService codes, TimeProvider clock)
{
    public Task<AppUser?> FindLearnerByPhoneAsync(string phone, CancellationToken ct) =>
        db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, ct);

    /// <summary>
    /// Signing in with this phone is signing up: nobody has it yet. Someone a base's roster registered signs in with
    /// the code alone and is then asked to accept the notice on the consent page, like everyone whose consent is not
    /// current.
    /// </summary>
    public static bool IsNewAccount(AppUser? user) => user is null;

    public async Task<bool> IsNewAccountAsync(string phone, CancellationToken ct) => IsNewAccount(await FindLearnerByPhoneAsync(phone, ct));

    /// <summary>
    /// The code step of phone sign-in: a new account must accept the privacy notice first (checked before the code, so
    /// a missing tick costs no attempt); with the right code a new phone gets a learner account, a roster-registered
    /// person has their phone confirmed (their consent is asked for after sign-in), and a locked-out account is refused.
    /// </summary>
    public async Task<PhoneSignInResult> SignInWithPhoneAsync(PhoneSignIn input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await FindLearnerByPhoneAsync(input.Phone, ct);
        var isNew = IsNewAccount(user);
        if (isNew && !input.AcceptedPrivacyNotice)
        {
            return new(PhoneSignInOutcome.PrivacyNoticeNotAccepted, isNew);
        }
        var check = await codes.VerifyAsync(input.Phone, input.Code, ct);
        if (!check.Succeeded)
        {
            var outcome = check.Check switch
            {
                SmsCodeCheck.Wrong => PhoneSignInOutcome.CodeWrong,
                SmsCodeCheck.TooManyAttempts => PhoneSignInOutcome.CodeTooManyAttempts,
                _ => PhoneSignInOutcome.CodeExpired,
            };
            return new(outcome, isNew, AttemptsLeft: check.AttemptsLeft);
        }
        if (user is null)
        {
            var displayName = string.IsNullOrWhiteSpace(input.DisplayName) ? PhoneNumber.Mask(input.Phone) : input.DisplayName;
            var created = await CreateLearnerAsync(new LearnerSignUp(input.Phone, displayName, input.AcceptedPrivacyNotice), ct);
            if (!created.Succeeded)
            {
                return new(PhoneSignInOutcome.SignUpFailed, isNew);
            }
            user = await FindLearnerByPhoneAsync(input.Phone, ct);
        }
        else if (!user.PhoneNumberConfirmed)
        {
            // Registered by a base's roster: the code proves the phone is theirs. Consent is theirs to give next, on the
            // consent page, never assumed from signing in.
            user.PhoneNumberConfirmed = true;
            await db.SaveChangesAsync(ct);
        }
        return await users.IsLockedOutAsync(user!)
            ? new(PhoneSignInOutcome.LockedOut, isNew)
            : new(PhoneSignInOutcome.SignedIn, isNew, user);
    }

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
        };
        // Saved with the account by the same SaveChanges: there is no account without its first consent step.
        var consent = db.ConsentRecords.Add(ConsentService.Give(user, ConsentWay.SignUp, now));
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            consent.State = EntityState.Detached;
            return created;
        }
        return await users.AddToRoleAsync(user, Roles.Learner);
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
