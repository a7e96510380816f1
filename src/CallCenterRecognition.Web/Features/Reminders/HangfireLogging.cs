using HangfireLog = Hangfire.Logging;

namespace CallCenterRecognition.Web.Features.Reminders;

// Hangfire keeps its log provider in a static. Hangfire's own provider holds one host's ILoggerFactory and throws once that host is
// disposed, which breaks any later host in the same process (a restart in tests); this one writes nothing after disposal instead.
public sealed class TolerantLogProvider(ILoggerFactory factory) : HangfireLog.ILogProvider
{
    public HangfireLog.ILog GetLogger(string name) => new FactoryLog(factory, name);

    private sealed class FactoryLog(ILoggerFactory factory, string name) : HangfireLog.ILog
    {
        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            ILogger logger;
            try
            {
                logger = factory.CreateLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            var level = logLevel switch
            {
                HangfireLog.LogLevel.Trace => LogLevel.Trace,
                HangfireLog.LogLevel.Debug => LogLevel.Debug,
                HangfireLog.LogLevel.Info => LogLevel.Information,
                HangfireLog.LogLevel.Warn => LogLevel.Warning,
                HangfireLog.LogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
            logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
            return true;
        }
    }
}
