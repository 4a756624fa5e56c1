using System.Diagnostics.Metrics;
using System.Net;
using Gateway.Sip.Call;
using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Call.Progress;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Security;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>
/// The SIP side of the gateway: listeners → transaction layer → user agent (behind the request gate) → B2BUA.
/// Built from <see cref="SipOptions"/>; listeners bind when the host starts, then the <see cref="SipEdge"/> is attached.
/// </summary>
public sealed class SipStack : IAsyncDisposable
{
    private readonly SipOptions _options;
    private readonly ISipRequestGate _gate;
    private readonly ISipContactResolver _contacts;
    private readonly SipEdge _edge;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly IMeterFactory _meters;
    private readonly IEnumerable<ICallApplication> _applications;
    private readonly CallRecordStore? _records;
    private readonly CallMediaFeatures? _mediaFeatures;
    private readonly RtpReceiveEngineHost _rtpReceive;
    private readonly List<(SipListenerOptions Options, ISipTransport Transport)> _listeners = [];
    private SipTransactionLayer? _layer;
    private MediaMetrics? _mediaMetrics;
    private SipCallMetrics? _callMetrics;

    public SipStack(IOptions<SipOptions> options, ISipRequestGate gate, ISipContactResolver contacts, TimeProvider time, ILoggerFactory loggers, IMeterFactory meters,
        IEnumerable<ICallApplication> applications, SipEdge edge, RtpReceiveEngineHost rtpReceive, CallRecordStore? records = null, CallMediaFeatures? mediaFeatures = null)
    {
        _rtpReceive = rtpReceive;
        _edge = edge;
        _records = records;
        _mediaFeatures = mediaFeatures;
        _applications = applications;
        _options = options.Value;
        _gate = gate;
        _contacts = contacts;
        _time = time;
        _loggers = loggers;
        _meters = meters;
    }

    public SipUserAgent? Agent { get; private set; }
    public B2buaService? Calls { get; private set; }

    /// <summary>The bound listeners (real ports after start, also when configured as 0).</summary>
    public IReadOnlyList<(SipListenerOptions Options, ISipTransport Transport)> Listeners => _listeners;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled || Agent is not null) return;
        if (SipOptionsValidator.ValidateApplicationRoutes(_options, _applications) is { Count: > 0 } routeErrors)
            throw new OptionsValidationException(SipOptions.Section, typeof(SipOptions), routeErrors);
        _layer = new SipTransactionLayer(_time, logger: _loggers.CreateLogger<SipTransactionLayer>());
        var agent = new SipUserAgent(_layer, new SipUserAgentOptions { SessionExpires = TimeSpan.FromSeconds(_options.SessionExpiresSeconds) },
            _gate, time: _time, logger: _loggers.CreateLogger<SipUserAgent>());
        foreach (var listener in _options.EffectiveListeners)
        {
            var endPoint = IPEndPoint.Parse(listener.Address);
            ISipTransport transport = listener.Protocol.Equals("tcp", StringComparison.OrdinalIgnoreCase)
                ? new SipTcpTransport(endPoint, logger: _loggers.CreateLogger<SipTcpTransport>(), timeProvider: _time)
                : new SipUdpTransport(endPoint, logger: _loggers.CreateLogger<SipUdpTransport>());
            agent.AddTransport(transport);
            await transport.StartAsync(cancellationToken).ConfigureAwait(false);
            _listeners.Add((listener, transport));
        }
        // Registrar, trunk challenges and trunk REGISTER / keep-alive (over UDP when we listen on it).
        _edge.Attach(agent, agent.FindTransport(SipTransportProtocol.Udp) ?? agent.Transports[0]);
        _mediaMetrics = new MediaMetrics(_meters);
        _callMetrics = new SipCallMetrics(_meters);
        var media = new CallMediaFactory(new RtpPortAllocator(_options.RtpPortMin, _options.RtpPortMax),
            new RtpEndpointOptions { BindAddress = IPAddress.Parse(_options.MediaAddress) }, _mediaMetrics, _time, _loggers, _options.MediaAddress, _rtpReceive.Engine);
        _loggers.CreateLogger<SipStack>().LogInformation("RTP legs receive with {ReceiveModel}", _rtpReceive.Description);
        var routes = _options.EffectiveRoutes.Select(r => new CallRoute(r.Prefix, CallRouteTarget.TryParse(r.Target, out _)!, r.Record));
        Calls = new B2buaService(agent, new CallRouter(routes), media, _contacts, _records ?? new CallRecordStore(_loggers.CreateLogger<CallRecordStore>()),
            _callMetrics, _loggers.CreateLogger<B2buaService>(), _applications, _mediaFeatures, new CallProgressTones
            {
                LocalRingback = _options.LocalRingback,
                BusyTone = TimeSpan.FromMilliseconds(_options.BusyToneMs),
                // Checked by SipOptionsValidator at start; loaded once and played from memory.
                HoldMusic = string.IsNullOrWhiteSpace(_options.HoldMusic) ? null : Gateway.Sip.Media.Tones.WavPrompt.Load(_options.HoldMusic),
            });
        Agent = agent;
    }

    public async ValueTask DisposeAsync()
    {
        _edge.StopTrunkClients();
        foreach (var (_, transport) in _listeners) await transport.DisposeAsync().ConfigureAwait(false);
        _listeners.Clear();
        _layer?.Dispose();
        _callMetrics?.Dispose();
        _mediaMetrics?.Dispose();
    }
}

/// <summary>Starts the SIP stack with the host and closes its listeners on stop.</summary>
internal sealed class SipStackService(SipStack stack) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => stack.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await stack.DisposeAsync().ConfigureAwait(false);
}
