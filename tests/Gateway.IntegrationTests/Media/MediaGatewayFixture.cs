using System.Net.Http.Headers;
using Gateway.Host;
using Gateway.Host.Sip;
using Gateway.Sip.Call;
using Gateway.Sip.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Media;

/// <summary>
/// The gateway in-process with a prompt route ("7001" → app:prompt:prompt.wav, recorded), SIP on a free UDP port,
/// and a call-taker API client.
/// </summary>
internal sealed class MediaGatewayFixture : IAsyncDisposable
{
    public const string CallTakerToken = "media-call-taker-token-0123456789";

    private MediaGatewayFixture(WebApplication app, string directory)
    {
        App = app;
        Directory = directory;
        Stack = app.Services.GetRequiredService<SipStack>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CallTakerToken);
    }

    public WebApplication App { get; }
    public SipStack Stack { get; }
    public string Directory { get; }
    public HttpClient Http { get; }

    public int SipPort => Stack.Listeners.Single(l => l.Transport.Protocol == SipTransportProtocol.Udp).Transport.LocalEndPoint.Port;

    public CallRecordStore Records => Stack.Calls!.Records;

    /// <summary>Completes with the next call record that ends.</summary>
    public Task<CallRecord> NextCompletedAsync()
    {
        var completed = new TaskCompletionSource<CallRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        Records.Completed += record => completed.TrySetResult(record);
        return completed.Task;
    }

    public static async Task<MediaGatewayFixture> StartAsync(short[] prompt, int rtpBase, IEnumerable<string> extra, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("gw-media-").FullName;
        var prompts = System.IO.Directory.CreateDirectory(Path.Combine(directory, "prompts")).FullName;
        TestSignals.WriteWav(Path.Combine(prompts, "prompt.wav"), prompt);
        var app = GatewayHost.Build([
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={Path.Combine(directory, "data")}",
            "--Gateway:Sip:Enabled=true",
            "--Gateway:Sip:Listeners:0:Protocol=udp",
            "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0",
            $"--Gateway:Sip:RtpPortMin={rtpBase}",
            $"--Gateway:Sip:RtpPortMax={rtpBase + 999}",
            "--Gateway:Sip:Trunks:0:Name=phones",
            "--Gateway:Sip:Trunks:0:Sources:0=127.0.0.1",
            "--Gateway:Sip:Routes:0:Prefix=7001",
            "--Gateway:Sip:Routes:0:Target=app:prompt:prompt.wav",
            "--Gateway:Sip:Routes:0:Record=true",
            $"--Gateway:Sip:Prompts:Directory={prompts}",
            "--Gateway:Api:Clients:0:Name=media-desk",
            $"--Gateway:Api:Clients:0:Token={CallTakerToken}",
            "--Gateway:Api:Clients:0:Role=call-taker",
            .. extra,
        ]);
        await app.StartAsync(cancellationToken);
        return new MediaGatewayFixture(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
