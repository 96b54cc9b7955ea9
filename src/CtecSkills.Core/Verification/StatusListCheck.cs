using System.Globalization;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;

namespace CtecSkills.Core.Verification;

/// <summary>
/// Revocation and suspension as an outside verifier sees them: the credential's bit in the <em>published</em>, signed
/// status list its entry names (not our credential row). A list that cannot be fetched, verified or read is a warning,
/// not a failure: the signature still stands.
/// </summary>
public sealed class StatusListCheck(
    IssuerKeyStore keys, StatusListPublisher statusLists, StatusListCache listCache, CredentialUrls urls, TimeProvider clock)
{
    /// <summary>True when the credential's bit is set in the published list for this purpose; adds the check either way.</summary>
    public async Task<bool> IsSetAsync(JsonObject credential, StatusPurpose purpose, List<VerificationCheck> checks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(checks);
        var name = purpose == StatusPurpose.Revocation ? CredentialVerifier.Revocation : CredentialVerifier.Suspension;
        var purposeName = CredentialUrls.PurposeName(purpose);
        var entries = credential["credentialStatus"] switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject one => [one],
            _ => [],
        };
        var entry = entries.FirstOrDefault(e => StringOf(e, "statusPurpose") == purposeName);
        if (entry is null)
        {
            checks.Add(new VerificationCheck(name, CheckResult.Warning, "no-status-entry"));
            return false;
        }
        if (!urls.TryParseStatusList(StringOf(entry, "statusListCredential"), out var list)
            || list.Purpose != purpose
            || !int.TryParse(StringOf(entry, "statusListIndex"), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            checks.Add(new VerificationCheck(name, CheckResult.Warning, "status-entry-unreadable"));
            return false;
        }
        var (bits, problem) = await PublishedListAsync(list, ct);
        if (bits is null)
        {
            checks.Add(new VerificationCheck(name, CheckResult.Warning, problem!));
            return false;
        }
        var set = index < bits.Length && bits[index];
        checks.Add(set
            ? new VerificationCheck(name, CheckResult.Failed, purpose == StatusPurpose.Revocation ? "revoked-in-status-list" : "suspended-in-status-list")
            : new VerificationCheck(name, CheckResult.Passed, "clear-in-status-list"));
        return set;
    }

    /// <summary>The list as published, its signature verified; a decoded list is reused as <see cref="StatusListCache"/> says.</summary>
    private async Task<(BitstringStatusList? Bits, string? Problem)> PublishedListAsync(StatusListAddress list, CancellationToken ct)
    {
        var (baseId, purpose, sequence) = list;
        if (listCache.FindFresh(baseId, purpose, sequence) is { } fresh)
        {
            return (fresh, null);
        }
        var published = await statusLists.GetAsync(baseId, purpose, sequence, ct);
        if (published is not null && listCache.FindByETag(baseId, purpose, sequence, published.ETag) is { } unchanged)
        {
            return (unchanged, null);
        }
        var verified = published is null ? null : await VcJwt.VerifyAsync(published.Jws, keys.FindPublicAsync, ct);
        var now = clock.GetUtcNow();
        if (verified is null || ValidityPeriod.Of(verified) is not { } period || period.IsNotYetValidAt(now) || period.HasExpiredAt(now)
            || verified.Credential!["credentialSubject"]?["encodedList"]?.GetValue<string>() is not { } encoded)
        {
            return (null, "status-list-unavailable");
        }
        try
        {
            var bits = BitstringStatusList.Decode(encoded);
            listCache.Remember(baseId, purpose, sequence, published!.ETag, bits);
            return (bits, null);
        }
        catch (StatusListFormatException)
        {
            return (null, "status-list-unreadable");
        }
    }

    private static string? StringOf(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
