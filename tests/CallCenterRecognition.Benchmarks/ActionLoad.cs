using System.Net;
using System.Net.Http.Json;

namespace CallCenterRecognition.Benchmarks;

// The actions load: a quarter stage actions (refer), the rest add-note; each client owns its claims, so versions never
// collide. One instance per database: it remembers which claims its clients took and at which version they are.
public sealed class ActionLoad(IReadOnlyList<Guid>[] intakeByClient, IReadOnlyList<string> representatives)
{
    private readonly Queue<Guid>[] pools = [.. intakeByClient.Select(claims => new Queue<Guid>(claims))];
    private readonly List<(Guid Id, int Version)>[] owned = [.. intakeByClient.Select(_ => new List<(Guid, int)>())];
    private long refers;

    // Acknowledged refer actions so far: the mix drifts to add-note alone once the intake claims run out.
    public long Refers => Interlocked.Read(ref refers);

    public static IReadOnlyList<Guid>[] Split(IReadOnlyList<Guid> intake, int clients) =>
        [.. Enumerable.Range(0, clients).Select(c => (IReadOnlyList<Guid>)[.. intake.Where((_, i) => i % clients == c)])];

    // The claims not yet taken, for a second load on a copy of the database made now.
    public IReadOnlyList<Guid>[] Untaken() => [.. pools.Select(pool => (IReadOnlyList<Guid>)[.. pool])];

    public async Task<bool> ActAsync(HttpClient client, int c, long n)
    {
        var mine = owned[c];
        HttpResponseMessage response;
        int index;
        if (mine.Count == 0 && pools[c].Count == 0)
        {
            throw new InvalidOperationException("A client has no intake claim left to refer and none referred to note on: seed more claims (--claims).");
        }

        if (mine.Count == 0 || (n % 4 == 0 && pools[c].Count > 0))
        {
            var id = pools[c].Dequeue();
            mine.Add((id, 1));
            index = mine.Count - 1;
            response = await client.PostAsJsonAsync($"/api/claims/{id}/actions/refer", new { expectedVersion = 1, representativeId = representatives[(int)(n % representatives.Count)] });
        }
        else
        {
            index = (int)(n % mine.Count);
            var (id, version) = mine[index];
            response = await client.PostAsJsonAsync($"/api/claims/{id}/actions/add-note", new { expectedVersion = version, text = $"benchmark note {n}" });
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
        }

        if (mine[index].Version == 1)
        {
            Interlocked.Increment(ref refers);
        }

        mine[index] = (mine[index].Id, mine[index].Version + 1);
        return true;
    }

    public Task<LoadResult> RunAsync(IReadOnlyList<HttpClient> clients, TimeSpan duration) =>
        Load.RunAsync(clients.Count, duration, (c, n) => ActAsync(clients[c], c, n));
}
