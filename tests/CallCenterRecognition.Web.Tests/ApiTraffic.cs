using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallCenterRecognition.Web.Tests;

// Every /api answer an AppFactory's app gives, recorded as it leaves (the body copied as it is written, the first 1 MB),
// so the factory can check the suite's real traffic against the contract when it is disposed.
public sealed class ApiTraffic
{
    private const int MaxBody = 1 << 20;

    public ConcurrentQueue<ApiExchange> Exchanges { get; } = new();

    public IStartupFilter StartupFilter() => new Recorder(this);

    private sealed class Recorder(ApiTraffic traffic) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
                {
                    await call(context);
                    return;
                }

                var original = context.Response.Body;
                var tee = new TeeStream(original);
                context.Response.Body = tee;
                try
                {
                    await call(context);
                }
                finally
                {
                    context.Response.Body = original;
                }

                // An exception handled into a 500 clears the endpoint; such an answer is a violation wherever it came from.
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText
                    ?? (context.Response.StatusCode >= 500 ? context.Request.Path.Value : null);
                if (route is not null)
                {
                    var body = tee.Captured;
                    traffic.Exchanges.Enqueue(new ApiExchange(
                        context.Request.Method, "/" + route.TrimStart('/'), context.Response.StatusCode, context.Response.ContentType,
                        body.Length is > 0 and < MaxBody ? Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length) : null));
                }
            });
            next(app);
        };
    }

    private sealed class TeeStream(Stream inner) : Stream
    {
        public MemoryStream Captured { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (Captured.Length <= MaxBody)
            {
                Captured.Write(bytes);
            }
        }
    }
}
