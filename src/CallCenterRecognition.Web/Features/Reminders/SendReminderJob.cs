using Hangfire;

namespace CallCenterRecognition.Web.Features.Reminders;

// Sends one claimed reminder: the retry of a reminder whose delivery failed in its batch (or in an earlier retry). It waits the
// backoff its attempt count gives (30 s, 2 min, 10 min, 30 min) and schedules the next one itself, so the waits follow the
// row's attempts whether the first try was a batch or not.
public sealed class SendReminderJob(ReminderSender sender, IReminderJobQueue queue)
{
    public enum Outcome
    {
        NotOwned,
        Sent,
        Cancelled,
        Retrying,
        Failed,
    }

    // Hangfire's own retries are for a job that could not run at all (the database unreachable): the row is untouched then.
    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [30, 120, 600, 1800], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task SendAsync(long reminderId, string token, CancellationToken cancellationToken)
    {
        var result = (await sender.SendAsync([reminderId], token, cancellationToken)).Single();
        if (result.Outcome == Outcome.Retrying)
        {
            queue.ScheduleSend(new ClaimedReminder(reminderId, token), ReminderOptions.RetryDelay(result.Attempts));
        }
    }

    public async Task<(Outcome Outcome, Exception? Error)> TrySendAsync(long reminderId, string token, CancellationToken cancellationToken)
    {
        var result = (await sender.SendAsync([reminderId], token, cancellationToken)).Single();
        return (result.Outcome, result.Error);
    }
}
