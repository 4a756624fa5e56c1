using Gateway.Host;
using Gateway.Host.Sip;
using Gateway.Sip.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Sip;

/// <summary>The gateway in-process (HTTP on port 0, SIP on free ports) routing every number but 110 to a far end.</summary>
internal sealed class SipGatewayFixture : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private SipGatewayFixture(WebApplication app, SipStack stack, string dataDirectory)
    {
        _dataDirectory = dataDirectory;
        App = app;
        Stack = stack;
    }

    public WebApplication App { get; }
    public SipStack Stack { get; }

    public int Port(SipTransportProtocol protocol) => Stack.Listeners.Single(l => l.Transport.Protocol == protocol).Transport.LocalEndPoint.Port;

    /// <summary>Waits until <paramref name="count"/> calls are fully over (records are written after media is released).</summary>
    public async Task<IReadOnlyCollection<Gateway.Sip.Call.CallRecord>> WaitForRecordsAsync(int count)
    {
        var store = Stack.Calls!.Records;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Completed += _ =>
        {
            if (store.Snapshot().Count >= count) reached.TrySetResult();
        };
        if (store.Snapshot().Count >= count) reached.TrySetResult();
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return store.Snapshot();
    }

    /// <summary>Starts the gateway; <paramref name="extraArguments"/> (--Key=Value) override or extend the settings below.</summary>
    public static Task<SipGatewayFixture> StartAsync(int farEndPort, int rtpBase, CancellationToken cancellationToken, params string[] extraArguments) =>
        StartAsync(farEndPort, rtpBase, cancellationToken, (IEnumerable<string>)extraArguments);

    /// <param name="extraArguments">More --Key=Value settings (e.g. extra routes from index 2 on).</param>
    /// <param name="logSink">Receives the host's log entries from start-up on (tests that assert on errors).</param>
    public static async Task<SipGatewayFixture> StartAsync(int farEndPort, int rtpBase, CancellationToken cancellationToken,
        IEnumerable<string>? extraArguments = null, ILoggerProvider? logSink = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gw-sip-").FullName;
        var app = GatewayHost.Build([
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={dataDirectory}",
            "--Gateway:Sip:Enabled=true",
            "--Gateway:Sip:Listeners:0:Protocol=udp",
            "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0",
            "--Gateway:Sip:Listeners:1:Protocol=tcp",
            "--Gateway:Sip:Listeners:1:Address=127.0.0.1:0",
            $"--Gateway:Sip:RtpPortMin={rtpBase}",
            $"--Gateway:Sip:RtpPortMax={rtpBase + 3999}",
            "--Gateway:Sip:Trunks:0:Name=sipp",
            "--Gateway:Sip:Trunks:0:Sources:0=127.0.0.1",
            "--Gateway:Sip:Routes:0:Prefix=110",
            "--Gateway:Sip:Routes:0:Target=local:tone",
            "--Gateway:Sip:Routes:1:Prefix=",
            $"--Gateway:Sip:Routes:1:Target=uri:sip:agent@127.0.0.1:{farEndPort}",
            .. extraArguments ?? [],
        ]);
        if (logSink is not null) app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logSink);
        await app.StartAsync(cancellationToken);
        return new SipGatewayFixture(app, app.Services.GetRequiredService<SipStack>(), dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
