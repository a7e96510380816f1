using System.Net;
using System.Net.Sockets;

namespace CallCenterRecognition.Benchmarks;

// A stand-in OTLP collector on loopback (http/protobuf): it reads and counts what the app exports, and keeps nothing.
public sealed class OtlpSink : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private long requests;
    private long bytes;

    private OtlpSink(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public long Requests => Interlocked.Read(ref requests);

    public long Bytes => Interlocked.Read(ref bytes);

    public static OtlpSink Start()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        return new OtlpSink(port);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var buffer = new byte[81920];
            int read;
            while ((read = await context.Request.InputStream.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref bytes, read);
            }

            Interlocked.Increment(ref requests);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
