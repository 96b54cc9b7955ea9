using CtecSkills.Core.Cohorts;

namespace CtecSkills.UnitTests.Cohorts;

public sealed class CohortGateTests
{
    [Fact]
    public async Task EnterAsync_SameClass_WaitsUntilTheTurnBeforeIsOver()
    {
        var gate = new CohortGate();
        var first = await gate.EnterAsync(7, default);

        var second = gate.EnterAsync(7, default);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task EnterAsync_AnotherClass_DoesNotWait()
    {
        var gate = new CohortGate();
        using var first = await gate.EnterAsync(7, default);

        var other = gate.EnterAsync(8, default);

        Assert.True(other.IsCompleted);
        (await other).Dispose();
    }

    [Fact]
    public async Task Dispose_Twice_LetsOnlyOneWaiterIn()
    {
        var gate = new CohortGate();
        var first = await gate.EnterAsync(7, default);
        var second = gate.EnterAsync(7, default);
        var third = gate.EnterAsync(7, default);

        first.Dispose();
        first.Dispose();
        await Task.Delay(50);

        Assert.True(second.IsCompleted ^ third.IsCompleted);
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_ThrowsAndKeepsTheTurnOfTheOneInside()
    {
        var gate = new CohortGate();
        using var first = await gate.EnterAsync(7, default);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync(7, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(gate.EnterAsync(7, default).IsCompleted);
    }
}
