using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.E2E;

public partial class CtecSkillsSite
{
    /// <summary>The credential JSON as it was issued and stored, to compare with what a wallet collects.</summary>
    public async Task<string> IssuedCredentialJsonAsync(string code)
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().IssuedCredentials
            .Where(c => c.VerificationCode == code).Select(c => c.CredentialJson).SingleAsync();
    }
}
