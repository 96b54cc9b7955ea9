using CtecSkills.Core.Credentials;
using CtecSkills.Core.Portfolio;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CtecSkills.Web.Features.Portfolio;

/// <summary>The "new link" form: ticked credentials and courses, a lifetime in days, an optional label.</summary>
public sealed record ShareForm
{
    public IList<long> Credentials { get; init; } = [];
    public IList<int> Courses { get; init; } = [];
    public int Lifetime { get; init; } = 30;
    public string? Label { get; init; }

    public CreateShareInput ToInput() =>
        new() { CredentialIds = [.. Credentials], EnrollmentIds = [.. Courses], LifetimeDays = Lifetime, Label = Label };

    /// <summary>A value that is not even a number: a bad lifetime, else an id that cannot be one of the learner's.</summary>
    public CreateShareError BindingError(ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.TryGetValue(nameof(Lifetime), out var lifetime) && lifetime.Errors.Count > 0
            ? CreateShareError.BadLifetime
            : CreateShareError.NotYours;
    }
}

public sealed record SharesPageViewModel(ShareableItems Items, IReadOnlyList<ShareSummary> Shares, CredentialUrls Urls, ShareForm Form, string? Error)
{
    public bool NothingToShare => Items.Credentials.Count == 0 && Items.Courses.Count == 0;

    /// <summary>The link just made, shown on this one page and never again (only its token's hash is stored).</summary>
    public Uri? NewLink { get; init; }
}

public sealed record ShareDetailsViewModel(ShareSummary Share, CredentialUrls Urls);
