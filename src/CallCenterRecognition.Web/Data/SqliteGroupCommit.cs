using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// Group commit for one SQLite file. Writers queue their contexts; one loop commits everything queued so far in one
// transaction on one connection, so writers that arrive together share one fsync instead of waiting for one each.
// Each context's changes run inside their own savepoint: one that fails (a stale version, say) is rolled back alone and
// its caller gets the exception, while the others commit. Changes are accepted only once the transaction has committed,
// so an acknowledged save is durable (synchronous FULL) exactly as with one transaction per save.
public sealed class SqliteGroupCommit
{
    private const int MaxBatch = 64;
    private const string ItemSavepoint = "ccr_item";
    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> ByFile = new(StringComparer.Ordinal);

    private readonly string connectionString;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    // One long-lived writer connection: its page cache stays valid between batches because nothing else in this process
    // writes, where a pooled connection would start each batch with a cache another writer had invalidated.
    private SqliteConnection? writer;
    private ReminderInsert? reminderInsert;

    private SqliteGroupCommit(string connectionString)
    {
        this.connectionString = connectionString;
        _ = Task.Run(RunAsync);
    }

    public static SqliteGroupCommit For(string connectionString) => ByFile.GetOrAdd(connectionString, cs => new SqliteGroupCommit(cs));

    // Closes the writer connection of a file (its host is stopping); the next write opens a new one.
    public static Task CloseAsync(string connectionString)
    {
        if (!ByFile.TryGetValue(connectionString, out var commit))
        {
            return Task.CompletedTask;
        }

        var close = new Pending(null, false, false, CancellationToken.None);
        commit.queue.Writer.TryWrite(close);
        return close.Completion.Task;
    }

    private SqliteConnection Writer()
    {
        if (writer is null)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false, ForeignKeys = true }.ToString());
            connection.Open();
            SqliteConnectionSettings.Apply(connection);
            writer = connection;
        }

        return writer;
    }

    private void DropWriter()
    {
        writer?.Dispose();
        writer = null;
        reminderInsert = null;
    }

    public async Task<int> SaveAsync(SqliteAppDbContext db, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Change detection is per context, so it runs here, in parallel, rather than in the serial commit.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        if (detect)
        {
            db.ChangeTracker.DetectChanges();
        }

        var pending = new Pending(db, acceptAllChangesOnSuccess, detect, cancellationToken);
        queue.Writer.TryWrite(pending);

        // Not cancellable: once queued, the writer may already be saving this context's changes.
        return await pending.Completion.Task;
    }

    // The one writer of this file: takes whatever is queued (up to MaxBatch), commits it, repeats. A loop rather than
    // a lock passed between callers, because each hand-over of a lock is a thread-pool hop on the serial path.
    private async Task RunAsync()
    {
        // The loop was started from whichever request wrote first; it belongs to no trace of its own.
        Activity.Current = null;
        var batch = new List<Pending>();
        var alone = new List<Pending>();
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            alone.Clear();
            while (batch.Count + alone.Count < MaxBatch && queue.Reader.TryRead(out var next))
            {
                // Nothing may escape this loop: a writer loop that stopped would leave every later save waiting.
                try
                {
                    if (next.Target is null)
                    {
                        DropWriter();
                        next.Completion.TrySetResult(0);
                    }
                    else if (next.CancellationToken.IsCancellationRequested)
                    {
                        next.Completion.TrySetCanceled(next.CancellationToken);
                    }
                    else if (next.Db.Database.GetDbConnection().State != System.Data.ConnectionState.Closed)
                    {
                        // A context holding its connection open cannot be moved onto the writer connection; it commits on its own.
                        alone.Add(next);
                    }
                    else
                    {
                        batch.Add(next);
                    }
                }
                catch (Exception ex)
                {
                    next.Completion.TrySetException(ex);
                }
            }

            try
            {
                if (batch.Count > 0)
                {
                    await CommitTogetherAsync(batch);
                }

                foreach (var item in alone)
                {
                    try
                    {
                        Activity.Current = item.Activity;
                        item.Completion.TrySetResult(await item.Db.SaveNowAsync(item.AcceptAllChangesOnSuccess, item.CancellationToken));
                    }
                    catch (Exception ex)
                    {
                        item.Completion.TrySetException(ex);
                    }
                    finally
                    {
                        Activity.Current = null;
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var item in batch.Concat(alone))
                {
                    item.Completion.TrySetException(ex);
                }
            }
        }
    }

    private async Task CommitTogetherAsync(List<Pending> batch)
    {
        var saved = new List<(Pending Item, int Rows)>(batch.Count);
        var alone = new List<Pending>();
        try
        {
            var connection = Writer();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            foreach (var item in batch)
            {
                var database = item.Db.Database;
                var savepoint = false;
                var moved = false;
                try
                {
                    database.SetDbConnection(connection, contextOwnsConnection: false);
                    moved = true;
                    await database.UseTransactionAsync(transaction);
                    item.Db.ChangeTracker.AutoDetectChangesEnabled = false;
                    await transaction.SaveAsync(ItemSavepoint);
                    savepoint = true;
                    var reminders = TakeNewReminders(item);
                    Activity.Current = item.Activity;
                    var rows = await item.Db.SaveNowAsync(acceptAllChangesOnSuccess: false, CancellationToken.None);
                    InsertReminders(item, reminders, connection, transaction);
                    await transaction.ReleaseAsync(ItemSavepoint);
                    saved.Add((item, rows + reminders.Count));
                }
                catch (InvalidOperationException) when (!moved)
                {
                    // EF still counts the context's own connection as open (its state said closed when it was queued):
                    // it cannot take the writer connection, so it saves on its own once this batch has committed.
                    alone.Add(item);
                }
                catch (Exception ex)
                {
                    if (savepoint)
                    {
                        await transaction.RollbackAsync(ItemSavepoint);
                        await transaction.ReleaseAsync(ItemSavepoint);
                    }

                    item.RestoreReminders();
                    item.Completion.TrySetException(ex);
                }
                finally
                {
                    Activity.Current = null;
                    if (moved)
                    {
                        item.Db.ChangeTracker.AutoDetectChangesEnabled = item.DetectChanges;
                        await database.UseTransactionAsync(null);
                        database.SetDbConnection(null, contextOwnsConnection: true);
                        database.SetConnectionString(connectionString);
                    }
                }
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            // The connection's state is unknown after a failed commit: start the next batch on a new one.
            DropWriter();
            foreach (var item in batch)
            {
                item.RestoreReminders();
                item.Completion.TrySetException(ex);
            }

            return;
        }

        foreach (var (item, rows) in saved)
        {
            item.KeepReminders();
            if (item.AcceptAllChangesOnSuccess)
            {
                item.Db.ChangeTracker.AcceptAllChanges();
            }

            item.Completion.TrySetResult(rows);
        }

        foreach (var item in alone)
        {
            try
            {
                Activity.Current = item.Activity;
                item.Completion.TrySetResult(await item.Db.SaveNowAsync(item.AcceptAllChangesOnSuccess, item.CancellationToken));
            }
            catch (Exception ex)
            {
                item.Completion.TrySetException(ex);
            }
            finally
            {
                Activity.Current = null;
            }
        }
    }

    // New reminder rows (a stage change schedules up to six) go in through one prepared INSERT on the writer connection,
    // after the claim they belong to: EF's update pipeline spent a millisecond on them inside the serial part of the
    // commit. They leave the change tracker for the save and come back Unchanged with their ids, or Added again if the
    // item or the batch fails, as if SaveChanges had not run.
    private static List<ReminderRow> TakeNewReminders(Pending item)
    {
        var added = item.Db.ChangeTracker.Entries<ReminderRow>().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
            item.Taken.Add(entry.Entity);
        }

        return [.. added.Select(e => e.Entity)];
    }

    private void InsertReminders(Pending item, List<ReminderRow> rows, SqliteConnection connection, SqliteTransaction transaction)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var insert = reminderInsert ??= ReminderInsert.For(item.Db.Model, connection);
        foreach (var row in rows)
        {
            row.Id = insert.Execute(row, transaction);
        }
    }

    // A null Target asks the loop to close the writer connection.
    private sealed record Pending(SqliteAppDbContext? Target, bool AcceptAllChangesOnSuccess, bool DetectChanges, CancellationToken CancellationToken)
    {
        public SqliteAppDbContext Db => Target ?? throw new InvalidOperationException("A close request has no context.");

        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The saver's trace: its statements run on the writer loop but belong to the request that asked for them.
        public Activity? Activity { get; } = Activity.Current;

        public List<ReminderRow> Taken { get; } = [];

        // After a failure: the rows are new again.
        public void RestoreReminders()
        {
            foreach (var row in Taken)
            {
                row.Id = 0;
                Db.Add(row);
            }

            Taken.Clear();
        }

        // After the commit: the rows are stored.
        public void KeepReminders()
        {
            foreach (var row in Taken)
            {
                Db.Attach(row);
            }

            Taken.Clear();
        }
    }

    // INSERT … RETURNING for ReminderRow, built from the EF model so column names and value conversions stay EF's.
    private sealed class ReminderInsert
    {
        private readonly SqliteCommand command;
        private readonly List<(Microsoft.EntityFrameworkCore.Metadata.IProperty Property, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping Mapping, string Name)> columns;

        private ReminderInsert(SqliteCommand command, List<(Microsoft.EntityFrameworkCore.Metadata.IProperty, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping, string)> columns)
        {
            this.command = command;
            this.columns = columns;
        }

        public static ReminderInsert For(Microsoft.EntityFrameworkCore.Metadata.IModel model, SqliteConnection connection)
        {
            var type = model.FindEntityType(typeof(ReminderRow))!;
            var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties.Single();
            var columns = type.GetProperties().Where(p => p != key)
                .Select((p, i) => (p, (Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)p.GetRelationalTypeMapping(), $"$p{i}"))
                .ToList();
            var command = connection.CreateCommand();
            command.CommandText =
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.p.GetColumnName(table)}\""))}) " +
                $"VALUES ({string.Join(", ", columns.Select(c => c.Item3))}) RETURNING \"{key.GetColumnName(table)}\"";
            return new ReminderInsert(command, columns);
        }

        public long Execute(ReminderRow row, SqliteTransaction transaction)
        {
            command.Transaction = transaction;
            command.Parameters.Clear();
            foreach (var (property, mapping, name) in columns)
            {
                command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(row), property.IsNullable));
            }

            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
