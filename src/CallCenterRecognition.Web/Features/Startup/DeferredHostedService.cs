namespace CallCenterRecognition.Web.Features.Startup;

// Starts a hosted service someone else registered (Hangfire's job server, data protection's key ring loader) once the
// first request is answered.
public sealed class DeferredHostedService(Func<IHostedService> create, AfterFirstRequest afterFirstRequest, string name) : BackgroundService
{
    private IHostedService? inner;

    public string Name => name;

    // Internal to ASP.NET Core, so matched by name.
    public const string DataProtectionKeyRingLoader = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static void Defer(IServiceCollection services, string name, Action<IServiceCollection> register)
    {
        var before = services.Count;
        register(services);
        Wrap(services, name, before, _ => true);
    }

    // A hosted service registered already (by type name), wherever it was added.
    public static void DeferRegistered(IServiceCollection services, string name, string implementationTypeName) =>
        Wrap(services, name, 0, descriptor => descriptor.ImplementationType?.FullName == implementationTypeName);

    private static void Wrap(IServiceCollection services, string name, int from, Func<ServiceDescriptor, bool> match)
    {
        for (var i = from; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || !match(descriptor))
            {
                continue;
            }

            services[i] = ServiceDescriptor.Singleton<IHostedService>(provider => new DeferredHostedService(
                () => (IHostedService)(descriptor.ImplementationFactory?.Invoke(provider) ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!)),
                provider.GetRequiredService<AfterFirstRequest>(),
                name));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await afterFirstRequest.WaitAsync(stoppingToken);
        var service = create();
        inner = service;
        await service.StartAsync(stoppingToken);
        StartupTrace.Mark($"{name} started");
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (inner is { } service)
        {
            await service.StopAsync(cancellationToken);
        }
    }

    public override void Dispose()
    {
        (inner as IDisposable)?.Dispose();
        base.Dispose();
    }
}
