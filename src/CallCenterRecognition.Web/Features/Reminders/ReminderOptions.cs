namespace CallCenterRecognition.Web.Features.Reminders;

public sealed class ReminderOptions
{
    // Local (California) time of day at which a reminder due on a day is sent.
    public TimeOnly SendAtLocalTime { get; set; } = new(8, 0);

    public int BatchSize { get; set; } = 250;

    public int LeaseSeconds { get; set; } = 300;

    // Attempts before a reminder is shown as failed.
    public int MaxAttempts { get; set; } = 5;

    // Waits before retrying a failed send, by the attempts made so far.
    public static readonly int[] RetryDelaysSeconds = [30, 120, 600, 1800];

    public static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(RetryDelaysSeconds[Math.Clamp(attempts - 1, 0, RetryDelaysSeconds.Length - 1)]);
}

public sealed class EmailOptions
{
    // Where .eml files go when no SMTP host is configured; relative to the working directory.
    public string OutboxPath { get; set; } = Path.Combine("data", "outbox");

    public string From { get; set; } = "Call Center Recognition <no-reply@localhost>";
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    // auto, none, starttls or ssl.
    public string Security { get; set; } = "auto";

    public string? User { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 60;
}
