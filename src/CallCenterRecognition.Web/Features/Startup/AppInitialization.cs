namespace CallCenterRecognition.Web.Features.Startup;

/// <summary>
/// Start-up's database work (migrations, seeding, resuming interrupted work). The server listens while it runs, so the
/// runtime compiles the first request's path on the other core; every request and all background work wait for it.
/// </summary>
public sealed class AppInitialization
{
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => done.Task;

    public bool Succeeded => done.Task.IsCompletedSuccessfully;

    public async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work();
            done.TrySetResult();
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
            throw;
        }
    }
}
