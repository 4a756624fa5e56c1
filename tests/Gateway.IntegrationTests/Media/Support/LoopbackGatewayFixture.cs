using Gateway.Host;
using Gateway.Host.Sip;
using Gateway.Sip.Call.Conference;
using Gateway.Sip.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Media.Support;

/// <summary>The gateway in-process with UDP SIP on a free port, its RTP range, and the routes a media test needs.</summary>
internal sealed class LoopbackGatewayFixture : IAsyncDisposable
{
    public const string CallTakerToken = "loopback-call-taker-token-01";
    public const string DispatcherToken = "loopback-dispatcher-token-01";

    private readonly string _dataDirectory;

    private LoopbackGatewayFixture(WebApplication app, string dataDirectory)
    {
        _dataDirectory = dataDirectory;
        App = app;
        Stack = app.Services.GetRequiredService<SipStack>();
    }

    public WebApplication App { get; }

    /// <summary>Gateway:Storage:DataDirectory (audit.jsonl, call journal).</summary>
    public string DataDirectory => _dataDirectory;

    public SipStack Stack { get; }

    public int SipPort => Stack.Listeners.Single(l => l.Transport.Protocol == SipTransportProtocol.Udp).Transport.LocalEndPoint.Port;

    /// <summary>An HTTP client of the gateway's API with <paramref name="token"/> as bearer token (none: anonymous).</summary>
    public HttpClient Api(string? token = CallTakerToken)
    {
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The record of the call in progress whose SIP Call-ID is <paramref name="callId"/>.</summary>
    public Gateway.Sip.Call.CallRecord ActiveCall(string callId) => Stack.Calls!.Records.ActiveCalls().Single(r => r.CallId == callId);

    public ConferenceRooms ConferenceRooms => App.Services.GetRequiredService<ConferenceApplication>().Rooms;

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
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return store.Snapshot();
    }

    /// <param name="routes">(called-number prefix, target) pairs.</param>
    /// <param name="settings">More --Key=Value settings (e.g. --Gateway:Sip:BusyToneMs=2000).</param>
    public static async Task<LoopbackGatewayFixture> StartAsync(int rtpBase, IEnumerable<(string Prefix, string Target)> routes, CancellationToken cancellationToken,
        IEnumerable<string>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gw-media-").FullName;
        List<string> arguments =
        [
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={dataDirectory}",
            "--Gateway:Sip:Enabled=true",
            "--Gateway:Sip:Listeners:0:Protocol=udp",
            "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0",
            $"--Gateway:Sip:RtpPortMin={rtpBase}",
            $"--Gateway:Sip:RtpPortMax={rtpBase + 199}",
            "--Gateway:Sip:Trunks:0:Name=test",
            "--Gateway:Sip:Trunks:0:Sources:0=127.0.0.1",
            "--Gateway:Api:Clients:0:Name=loopback-desk",
            $"--Gateway:Api:Clients:0:Token={CallTakerToken}",
            "--Gateway:Api:Clients:0:Role=call-taker",
            "--Gateway:Api:Clients:1:Name=loopback-dispatch",
            $"--Gateway:Api:Clients:1:Token={DispatcherToken}",
            "--Gateway:Api:Clients:1:Role=dispatcher",
        ];
        int index = 0;
        foreach (var (prefix, target) in routes)
        {
            arguments.Add($"--Gateway:Sip:Routes:{index}:Prefix={prefix}");
            arguments.Add($"--Gateway:Sip:Routes:{index}:Target={target}");
            index++;
        }

        arguments.AddRange(settings ?? []);
        var app = GatewayHost.Build([.. arguments]);
        await app.StartAsync(cancellationToken);
        return new LoopbackGatewayFixture(app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
