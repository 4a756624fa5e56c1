namespace Gateway.Host.Fax;

/// <summary>Starts the fax gateway after the serial devices (hosted services start in registration order).</summary>
internal sealed class FaxStartupService(FaxGateway fax) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        fax.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
