using Hangfire;

namespace CallCenterRecognition.Web.Features.Reminders;

// One job per claimed batch (the dispatcher's UPDATE … RETURNING): every reminder of it sent, and marked in one commit. A
// reminder whose delivery failed is retried alone, after its backoff, by SendReminderJob.
public sealed class SendReminderBatchJob(ReminderSender sender, IReminderJobQueue queue)
{
    // A retry of the job takes only rows still under the plain token (it failed before taking them); rows it took and did not
    // finish keep their lease, and the dispatcher claims them again when it runs out.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task SendAsync(long[] reminderIds, string token, CancellationToken cancellationToken)
    {
        foreach (var result in await TrySendAsync(reminderIds, token, cancellationToken))
        {
            if (result.Outcome == SendReminderJob.Outcome.Retrying)
            {
                queue.ScheduleSend(new ClaimedReminder(result.Id, token), ReminderOptions.RetryDelay(result.Attempts));
            }
        }
    }

    public Task<IReadOnlyList<ReminderSendResult>> TrySendAsync(IReadOnlyList<long> reminderIds, string token, CancellationToken cancellationToken) =>
        sender.SendAsync(reminderIds, token, cancellationToken);
}
