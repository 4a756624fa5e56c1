using Gateway.Core.At;
using Gateway.Core.Serial;
using Gateway.Simulators.Devices.Fax;
using Gateway.Simulators.Hosting;

namespace Gateway.IntegrationTests.Fax;

/// <summary>
/// The fax-modem simulator in-process behind a real socat pty, and the gateway side opened on that pty
/// with System.IO.Ports: an AT channel ready for a <c>Class2FaxModem</c>. Everything lives in a temp dir.
/// </summary>
internal sealed class FaxSimulatorFixture : IAsyncDisposable
{
    private FaxSimulatorFixture(string directory, FaxReceiveLog log, SimulatorHost host, ISerialLink link, AtCommandChannel channel)
    {
        Directory = directory;
        Log = log;
        Host = host;
        Link = link;
        Channel = channel;
    }

    public string Directory { get; }

    public FaxReceiveLog Log { get; }

    public SimulatorHost Host { get; }

    public ISerialLink Link { get; }

    public AtCommandChannel Channel { get; }

    public static async Task<FaxSimulatorFixture> StartAsync(
        CancellationToken cancellationToken, FaxFault fault = FaxFault.None, int faultedCalls = int.MaxValue, AtChannelOptions? channelOptions = null)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("gateway-fax-").FullName;
        var log = new FaxReceiveLog(Path.Combine(directory, "out"), fault, faultedCalls);
        var host = new SimulatorHost(FaxModemDevice.RegistrationFor(log), new SimulatorHostOptions { PtyPath = Path.Combine(directory, "ttyFAX") });
        await host.StartAsync(cancellationToken);
        ISerialLink link = new SerialLinkFactory().Create($"serial://{host.PtyPath}?baud=115200");
        await link.OpenAsync(cancellationToken);
        var channel = new AtCommandChannel(link, channelOptions ?? new AtChannelOptions());
        channel.Start();
        return new FaxSimulatorFixture(directory, log, host, link, channel);
    }

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        await Link.DisposeAsync();
        await Host.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
