namespace CtecSkills.Core.Verification;

/// <summary>One row of a batch: its line in the file, the code as typed, and the verifier's answer.</summary>
public sealed record BatchRowResult(int Line, string Typed, VerificationOutcome Outcome);

public sealed record BatchVerificationResult(BatchFileProblem? Problem, IReadOnlyList<BatchRowResult> Rows)
{
    /// <summary>How many rows came out as each status, every status listed (zero included), in enum order.</summary>
    public IReadOnlyList<(VerificationStatus Status, int Count)> Counts =>
        [.. Enum.GetValues<VerificationStatus>().Select(s => (s, Rows.Count(r => r.Outcome.Status == s)))];
}

/// <summary>
/// An HR verifier's file of codes: read (<see cref="BatchCodeFile"/>), then every code verified and logged with
/// channel <c>batch</c> under the verifier's user and organization. A refused file verifies and logs nothing.
/// </summary>
public sealed class BatchVerificationService(CredentialVerifier verifier)
{
    public const string Channel = "batch";

    public async Task<BatchVerificationResult> VerifyFileAsync(ReadOnlyMemory<byte> file, string userId, CancellationToken ct)
    {
        var parsed = BatchCodeFile.Parse(file.Span);
        if (parsed.Problem is { } problem)
        {
            return new BatchVerificationResult(problem, []);
        }
        var outcomes = await verifier.VerifyCodesAsync([.. parsed.Rows.Select(r => r.Typed)], new Verifier(userId, Channel), ct);
        return new BatchVerificationResult(null, [.. parsed.Rows.Zip(outcomes, (row, outcome) => new BatchRowResult(row.Line, row.Typed, outcome))]);
    }
}
