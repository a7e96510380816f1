using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// Group commit for one SQLite file. Writers queue their contexts; whoever holds the gate commits everything queued so far
// in one transaction on one connection, so writers that arrive together share one fsync instead of waiting for one each.
// Each context's changes run inside EF's own savepoint: one that fails (a stale version, say) is rolled back alone and
// its caller gets the exception, while the others commit. Changes are accepted only once the transaction has committed.
public sealed class SqliteGroupCommit
{
    private const int MaxBatch = 64;
    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> ByFile = new(StringComparer.Ordinal);

    private readonly string connectionString;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConcurrentQueue<Pending> queue = new();

    private SqliteGroupCommit(string connectionString) => this.connectionString = connectionString;

    public static SqliteGroupCommit For(string connectionString) => ByFile.GetOrAdd(connectionString, cs => new SqliteGroupCommit(cs));

    public async Task<int> SaveAsync(SqliteAppDbContext db, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(db, acceptAllChangesOnSuccess, cancellationToken);
        queue.Enqueue(pending);

        // Not cancellable: once queued, a leader may already be writing this context's changes.
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!pending.Completion.Task.IsCompleted)
            {
                await CommitQueuedAsync();
            }
        }
        finally
        {
            gate.Release();
        }

        return await pending.Completion.Task;
    }

    private async Task CommitQueuedAsync()
    {
        var batch = new List<Pending>();
        var alone = new List<Pending>();
        while (batch.Count + alone.Count < MaxBatch && queue.TryDequeue(out var next))
        {
            if (next.CancellationToken.IsCancellationRequested)
            {
                next.Completion.TrySetCanceled(next.CancellationToken);
            }
            else if (next.Db.Database.GetDbConnection().State != System.Data.ConnectionState.Closed)
            {
                // A context holding its connection open cannot be moved onto the shared one; it commits on its own.
                alone.Add(next);
            }
            else
            {
                batch.Add(next);
            }
        }

        if (batch.Count > 0)
        {
            await CommitTogetherAsync(batch);
        }

        foreach (var item in alone)
        {
            try
            {
                item.Completion.TrySetResult(await item.Db.SaveNowAsync(item.AcceptAllChangesOnSuccess, item.CancellationToken));
            }
            catch (Exception ex)
            {
                item.Completion.TrySetException(ex);
            }
        }
    }

    private async Task CommitTogetherAsync(List<Pending> batch)
    {
        var saved = new List<(Pending Item, int Rows)>(batch.Count);
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            SqliteBusyTimeout.Apply(connection);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            foreach (var item in batch)
            {
                var database = item.Db.Database;
                try
                {
                    database.SetDbConnection(connection, contextOwnsConnection: false);
                    await database.UseTransactionAsync(transaction);
                    saved.Add((item, await item.Db.SaveNowAsync(acceptAllChangesOnSuccess: false, CancellationToken.None)));
                }
                catch (Exception ex)
                {
                    item.Completion.TrySetException(ex);
                }
                finally
                {
                    await database.UseTransactionAsync(null);
                    database.SetDbConnection(null, contextOwnsConnection: true);
                    database.SetConnectionString(connectionString);
                }
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            foreach (var (item, _) in saved)
            {
                item.Completion.TrySetException(ex);
            }

            foreach (var item in batch)
            {
                item.Completion.TrySetException(ex);
            }

            return;
        }

        foreach (var (item, rows) in saved)
        {
            if (item.AcceptAllChangesOnSuccess)
            {
                item.Db.ChangeTracker.AcceptAllChanges();
            }

            item.Completion.TrySetResult(rows);
        }
    }

    private sealed record Pending(SqliteAppDbContext Db, bool AcceptAllChangesOnSuccess, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
