using System.Collections.Concurrent;

namespace CallCenterRecognition.Web.Features.Documents;

// One journal writer at a time per claim within this instance. Concurrent uploads to one claim otherwise all read the same
// journal head and all but one fail the unique sequence; four clients uploading to a claim exhausted the retries (a 500).
// Writers on other instances still meet the constraint, and ClaimJournal.WithRetryAsync retries them.
public static class ClaimWriteLocks
{
    private static readonly ConcurrentDictionary<Guid, Entry> Held = new();

    public static async Task<IDisposable> EnterAsync(Guid claimId, CancellationToken cancellationToken)
    {
        Entry entry;
        while (true)
        {
            entry = Held.GetOrAdd(claimId, _ => new Entry());
            lock (entry)
            {
                // A negative count is an entry its last user is removing: take a fresh one.
                if (entry.Users >= 0)
                {
                    entry.Users++;
                    break;
                }
            }
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(claimId, entry);
            throw;
        }

        return new Lease(claimId, entry);
    }

    private static void Leave(Guid claimId, Entry entry)
    {
        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Users = -1;
                Held.TryRemove(KeyValuePair.Create(claimId, entry));
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(Guid claimId, Entry entry) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                entry.Gate.Release();
                Leave(claimId, entry);
            }
        }
    }
}
