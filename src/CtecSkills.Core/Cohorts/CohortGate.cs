namespace CtecSkills.Core.Cohorts;

/// <summary>
/// Lets one request of this process at a time into a class's capacity section (the lock, the count, the insert, the
/// commit). The database's lock is what keeps two learners from taking the last place, across nodes too; this gate
/// only makes the other learners of the class wait here, without a database connection, instead of in the database
/// holding a connection each. When a whole county opened one class at once on PostgreSQL, the queue on the class's row
/// took every connection of the pool and the rest of the site — sign-ups, lessons, verification — waited behind it
/// (README → Performance, "Load"). Classes share 64 gates by id, so memory stays fixed; two classes rarely meet.
/// </summary>
public sealed class CohortGate
{
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Waits for the class's turn; dispose the answer to let the next one in.</summary>
    public async Task<IDisposable> EnterAsync(int cohortId, CancellationToken ct)
    {
        var gate = _gates[(uint)cohortId % Stripes];
        await gate.WaitAsync(ct);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
