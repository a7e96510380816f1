using System.Threading.Channels;
using CallCenterRecognition.Evidence;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.DocumentText;

// Wakes the reader when an upload commits on this instance; uploads through other instances are found by polling.
public sealed class DocumentReaderSignal
{
    private readonly Channel<bool> wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => wakes.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await wakes.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

// One document at a time, off the request path: OCR is CPU-heavy, and uploads on a small machine must not wait for it.
public sealed class DocumentReaderService(
    IServiceScopeFactory scopes,
    DocumentReaderSignal signal,
    Startup.AfterFirstRequest afterFirstRequest,
    OcrEngine ocr,
    IOptions<DocumentTextOptions> options,
    ILogger<DocumentReaderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await afterFirstRequest.WaitAsync(stoppingToken);
        await RetryUnavailableAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var read = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                read = await scope.ServiceProvider.GetRequiredService<ReadDocumentText.Handler>().ReadNextAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Reading documents' text failed; it is tried again later");
            }

            if (!read)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    // Documents that waited for OCR are read once it is installed.
    private async Task RetryUnavailableAsync(CancellationToken cancellationToken)
    {
        if (!ocr.IsAvailable)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Documents.Where(d => d.TextStatus == TextStatuses.Unavailable)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.TextStatus, TextStatuses.Pending).SetProperty(d => d.TextReason, (string?)null), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Documents waiting for OCR could not be queued again");
        }
    }
}
