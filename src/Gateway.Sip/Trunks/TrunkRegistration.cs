using System.Globalization;
using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Trunks;

public enum TrunkRegistrationState
{
    Unregistered,
    Registering,
    Registered,
    /// <summary>The last attempt failed; a retry is scheduled with exponential backoff.</summary>
    Failed,
}

/// <summary>
/// Keeps the gateway registered at a trunk (RFC 3261 §10.2): REGISTER with digest answered (SHA-256 preferred),
/// 423 honoured, refresh before expiry (60 s before, or halfway for short grants), and after a failure
/// re-registration with exponential backoff between RetryMinSeconds and RetryMaxSeconds. Timers on TimeProvider.
/// </summary>
public sealed class TrunkRegistration : IDisposable
{
    private const int MaxChallengesPerAttempt = 2;

    private readonly TrunkRegistrationOptions _options;
    private readonly SipTransactionLayer _layer;
    private readonly ISipTransport _transport;
    private readonly IPEndPoint _remote;
    private readonly IPEndPoint _contactEndPoint;
    private readonly DigestClient? _digest;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly SipUri _aor;
    private readonly SipUri _registrarUri;
    private readonly string _callId = TrunkRequestFactory.NewToken() + "@gateway";
    private readonly string _fromTag = TrunkRequestFactory.NewToken();
    private long _cseq;
    private int _expiresSeconds;
    private int _failures;
    private int _challenges;
    private bool _stopped;

    public TrunkRegistration(TrunkPeer trunk, SipTransactionLayer layer, ISipTransport transport, IPEndPoint? contactEndPoint = null,
        TimeProvider? timeProvider = null, ILogger<TrunkRegistration>? logger = null)
    {
        _options = trunk.Options.Registration ?? throw new ArgumentException($"Trunk {trunk.Name} has no Registration.", nameof(trunk));
        _remote = trunk.RemoteEndPoint ?? throw new ArgumentException($"Trunk {trunk.Name} has no Host.", nameof(trunk));
        TrunkName = trunk.Name;
        _layer = layer;
        _transport = transport;
        _contactEndPoint = contactEndPoint ?? transport.LocalEndPoint;
        _digest = trunk.OutboundAccount is { } account ? new DigestClient(account) : null;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _expiresSeconds = _options.ExpiresSeconds;
        var domain = _options.Domain ?? TrunkRequestFactory.HostText(_remote.Address);
        _aor = SipUri.Sip(_options.User, domain);
        _registrarUri = SipUri.Sip(null, domain);
        _timer = _time.CreateTimer(_ => SendRegister(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string TrunkName { get; }
    public TrunkRegistrationState State { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    /// <summary>When the next REGISTER goes out (refresh or retry), for /health and tests.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public event Action<TrunkRegistration, TrunkRegistrationState>? StateChanged;

    public void Start()
    {
        lock (_gate) _stopped = false;
        SendRegister();
    }

    /// <summary>Stops refreshing (no unregister is sent: the binding simply expires at the trunk).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            NextAttemptAt = null;
        }
    }

    /// <summary>Refresh 60 s before expiry, or halfway through grants of two minutes or less.</summary>
    public static TimeSpan RefreshDelay(int grantedSeconds) =>
        TimeSpan.FromSeconds(grantedSeconds > 120 ? grantedSeconds - 60 : Math.Max(1, grantedSeconds / 2.0));

    /// <summary>RetryMin · 2^(failures−1), capped at RetryMax.</summary>
    public TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromSeconds(Math.Min(_options.RetryMaxSeconds, _options.RetryMinSeconds * Math.Pow(2, Math.Max(0, failures - 1))));

    private void SendRegister()
    {
        SipRequest request;
        lock (_gate)
        {
            if (_stopped) return;
            _challenges = 0;
            NextAttemptAt = null;
            request = BuildRegister();
            if (State != TrunkRegistrationState.Registered) SetState(TrunkRegistrationState.Registering);
        }
        Send(request);
    }

    private SipRequest BuildRegister()
    {
        var request = TrunkRequestFactory.Create(SipMethods.Register, _registrarUri, _aor, _aor, _fromTag, _callId, ++_cseq, _transport, _transport.LocalEndPoint);
        request.Headers.Add(SipHeaderId.Contact, $"<sip:{_options.User}@{TrunkRequestFactory.HostText(_contactEndPoint.Address)}:{_contactEndPoint.Port.ToString(CultureInfo.InvariantCulture)}>");
        request.Headers.Add(SipHeaderId.Expires, _expiresSeconds.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    private void Send(SipRequest request)
    {
        var finalSeen = 0;
        try
        {
            _layer.SendRequest(request, _transport, _remote,
                (_, response) =>
                {
                    if (response.StatusCode < 200 || Interlocked.Exchange(ref finalSeen, 1) == 1) return;
                    OnFinalResponse(request, response);
                },
                (_, end) =>
                {
                    if (Volatile.Read(ref finalSeen) == 0) Fail($"no response ({end})");
                });
        }
        catch (Exception e) when (e is SipTransportException or InvalidOperationException)
        {
            Fail(e.Message);
        }
    }

    private void OnFinalResponse(SipRequest request, SipResponse response)
    {
        if (response.StatusCode is >= 200 and < 300)
        {
            OnRegistered(response);
            return;
        }
        if (response.StatusCode is 401 or 407 && _digest is not null)
        {
            SipRequest? retry;
            lock (_gate)
            {
                retry = ++_challenges <= MaxChallengesPerAttempt ? _digest.CreateAuthenticatedRequest(request, response) : null;
                if (retry?.CSeq is { } cseq) _cseq = cseq.Number;
            }
            if (retry is not null)
            {
                Send(retry);
                return;
            }
        }
        if (response.StatusCode == 423
            && int.TryParse(response.Headers.GetFirstText(SipHeaderId.MinExpires)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minimum)
            && minimum > _expiresSeconds)
        {
            lock (_gate) _expiresSeconds = minimum;
            SendRegister();
            return;
        }
        Fail($"{response.StatusCode} {response.ReasonPhrase}");
    }

    private void OnRegistered(SipResponse response)
    {
        var granted = GrantedExpires(response);
        lock (_gate)
        {
            _failures = 0;
            var now = _time.GetUtcNow();
            ExpiresAt = now.AddSeconds(granted);
            if (_stopped) return;
            var delay = RefreshDelay(granted);
            NextAttemptAt = now + delay;
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
            SetState(TrunkRegistrationState.Registered);
        }
        _logger.LogInformation("Registered at trunk {Trunk} for {Seconds} s", TrunkName, granted);
    }

    private void Fail(string reason)
    {
        lock (_gate)
        {
            _failures++;
            if (_stopped) return;
            var delay = RetryDelay(_failures);
            NextAttemptAt = _time.GetUtcNow() + delay;
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
            SetState(TrunkRegistrationState.Failed);
        }
        _logger.LogWarning("Registration at trunk {Trunk} failed: {Reason}; retry in {Delay}", TrunkName, reason, NextAttemptAt);
    }

    /// <summary>Our Contact's expires parameter in the 200, else its Expires header, else what we asked for.</summary>
    private int GrantedExpires(SipResponse response)
    {
        foreach (var value in response.Headers.GetValues(SipHeaderId.Contact))
        {
            if (NameAddress.TryParse(value.Span, out var contact) && contact.Uri.User == _options.User
                && contact.Uri.Port == _contactEndPoint.Port
                && int.TryParse(contact.Parameters.Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var fromContact))
                return Math.Max(1, fromContact);
        }
        return int.TryParse(response.Headers.GetFirstText(SipHeaderId.Expires)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var fromHeader)
            ? Math.Max(1, fromHeader)
            : _expiresSeconds;
    }

    private void SetState(TrunkRegistrationState state)
    {
        State = state;
        StateChanged?.Invoke(this, state);
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
    }
}
