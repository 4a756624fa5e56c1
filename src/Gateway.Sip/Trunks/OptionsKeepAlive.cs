using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Trunks;

public enum TrunkHealth
{
    Unknown,
    Up,
    Down,
}

/// <summary>
/// Pings a trunk with OPTIONS every interval. Any final response means the peer is alive (RFC 3261 §11: even 4xx
/// or 5xx comes from a live stack); FailuresBeforeDown probes in a row without one (timer F, transport error)
/// mark it down. Feeds /health through <see cref="Health"/> and <see cref="HealthChanged"/>.
/// </summary>
public sealed class OptionsKeepAlive : IDisposable
{
    private readonly TrunkKeepAliveOptions _options;
    private readonly SipTransactionLayer _layer;
    private readonly ISipTransport _transport;
    private readonly IPEndPoint _remote;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly SipUri _target;
    private readonly SipUri _self;
    private readonly string _fromTag = TrunkRequestFactory.NewToken();
    private long _cseq;
    private int _consecutiveFailures;

    public OptionsKeepAlive(TrunkPeer trunk, SipTransactionLayer layer, ISipTransport transport, TimeProvider? timeProvider = null, ILogger<OptionsKeepAlive>? logger = null)
    {
        _options = trunk.Options.KeepAlive ?? throw new ArgumentException($"Trunk {trunk.Name} has no KeepAlive.", nameof(trunk));
        _remote = trunk.RemoteEndPoint ?? throw new ArgumentException($"Trunk {trunk.Name} has no Host.", nameof(trunk));
        TrunkName = trunk.Name;
        _layer = layer;
        _transport = transport;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _target = SipUri.Sip(null, TrunkRequestFactory.HostText(_remote.Address), _remote.Port);
        _self = SipUri.Sip("gateway", TrunkRequestFactory.HostText(transport.LocalEndPoint.Address));
        _timer = _time.CreateTimer(_ => Probe(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string TrunkName { get; }
    public TrunkHealth Health { get; private set; }
    public DateTimeOffset? LastResponseAt { get; private set; }

    public event Action<OptionsKeepAlive, TrunkHealth>? HealthChanged;

    /// <summary>Probes now, then every IntervalSeconds.</summary>
    public void Start()
    {
        var interval = TimeSpan.FromSeconds(_options.IntervalSeconds);
        Probe();
        _timer.Change(interval, interval);
    }

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void Probe()
    {
        SipRequest request;
        lock (_gate)
        {
            request = TrunkRequestFactory.Create(SipMethods.Options, _target, _self, _target, _fromTag, TrunkRequestFactory.NewToken() + "@gateway", ++_cseq, _transport, _transport.LocalEndPoint);
        }
        var answered = 0;
        try
        {
            _layer.SendRequest(request, _transport, _remote,
                (_, response) =>
                {
                    if (response.StatusCode >= 200 && Interlocked.Exchange(ref answered, 1) == 0) Record(success: true);
                },
                (_, _) =>
                {
                    if (Volatile.Read(ref answered) == 0) Record(success: false);
                });
        }
        catch (Exception e) when (e is SipTransportException or InvalidOperationException)
        {
            _logger.LogWarning(e, "OPTIONS to trunk {Trunk} could not be sent", TrunkName);
            Record(success: false);
        }
    }

    private void Record(bool success)
    {
        TrunkHealth? changed = null;
        lock (_gate)
        {
            if (success)
            {
                _consecutiveFailures = 0;
                LastResponseAt = _time.GetUtcNow();
                if (Health != TrunkHealth.Up) changed = Health = TrunkHealth.Up;
            }
            else if (++_consecutiveFailures >= _options.FailuresBeforeDown && Health != TrunkHealth.Down)
            {
                changed = Health = TrunkHealth.Down;
            }
        }
        if (changed is { } health)
        {
            _logger.LogInformation("Trunk {Trunk} is {Health}", TrunkName, health);
            HealthChanged?.Invoke(this, health);
        }
    }

    public void Dispose() => _timer.Dispose();
}
