using Gateway.Sip.Message;
using Gateway.Sip.Registrar;
using Gateway.Sip.Security.Hooks;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Security.RateLimiting;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Gateway.Sip.Trunks;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Security;

/// <summary>
/// The trunk-and-phone edge built from validated <see cref="SipEdgeOptions"/>: one object for the host to create
/// and the UA/B2BUA to consult (gate, registrar, trunks, outbound digest, caller identity).
/// </summary>
public sealed class SipEdge : IDisposable
{
    private readonly List<TrunkRegistration> _registrations = [];
    private readonly List<OptionsKeepAlive> _keepAlives = [];
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    public SipEdge(SipEdgeOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        var errors = SipEdgeOptionsValidator.Validate(options);
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors.Select(e => e.Format())), nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        Options = options;
        var nonces = new DigestNonceService(TimeSpan.FromSeconds(options.NonceLifetimeSeconds), _time);
        var phones = new InMemoryCredentialStore(options.Phones.Select(p => new KeyValuePair<string, string>(p.Username, p.Password)));
        PhoneAuthenticator = new DigestAuthenticator(options.Realm, phones, nonces, DigestAlgorithms.ParseList(options.EffectiveDigestAlgorithms));
        Registrar = new SipRegistrar(options.Registrar, PhoneAuthenticator, _time, _loggers.CreateLogger<SipRegistrar>());
        Trunks = TrunkDirectory.FromOptions(options, nonces);
        var limiter = new InviteRateLimiter(new RateLimit(options.Inbound.InvitesPerSecond, options.Inbound.InviteBurst), _time);
        Gate = new InboundRequestGate(options.Inbound, Trunks, Registrar, PhoneAuthenticator, limiter, _loggers.CreateLogger<InboundRequestGate>());
    }

    public SipEdgeOptions Options { get; }
    public DigestAuthenticator PhoneAuthenticator { get; }
    public SipRegistrar Registrar { get; }
    public TrunkDirectory Trunks { get; }
    public InboundRequestGate Gate { get; }
    public IReadOnlyList<TrunkRegistration> Registrations => _registrations;
    public IReadOnlyList<OptionsKeepAlive> KeepAlives => _keepAlives;

    /// <summary>Starts REGISTER and OPTIONS keep-alive for every trunk configured with them.</summary>
    public void StartTrunkClients(SipTransactionLayer layer, ISipTransport transport)
    {
        foreach (var trunk in Trunks.Peers)
        {
            if (trunk.Options.Registration is not null)
            {
                var registration = new TrunkRegistration(trunk, layer, transport, timeProvider: _time, logger: _loggers.CreateLogger<TrunkRegistration>());
                _registrations.Add(registration);
                registration.Start();
            }
            if (trunk.Options.KeepAlive is not null)
            {
                var keepAlive = new OptionsKeepAlive(trunk, layer, transport, _time, _loggers.CreateLogger<OptionsKeepAlive>());
                _keepAlives.Add(keepAlive);
                keepAlive.Start();
            }
        }
    }

    /// <summary>
    /// Plugs the edge into a UA: REGISTER goes to the registrar, trunk challenges to our INVITEs are answered, and
    /// trunk REGISTER / OPTIONS keep-alive start over <paramref name="trunkTransport"/>. The gate and contact
    /// resolver are handed to the UA and B2BUA at construction (<see cref="Hooks"/>).
    /// </summary>
    public void Attach(SipUserAgent agent, ISipTransport trunkTransport)
    {
        agent.RegisterMethodHandler(SipMethods.Register, new RegistrarRequestHandler(Registrar));
        agent.ChallengeResponder = new TrunkChallengeResponder(Trunks);
        StartTrunkClients(agent.Layer, trunkTransport);
    }

    /// <summary>Stops trunk REGISTER refreshes and keep-alives (the host is stopping); they can be started again.</summary>
    public void StopTrunkClients()
    {
        foreach (var registration in _registrations) registration.Dispose();
        foreach (var keepAlive in _keepAlives) keepAlive.Dispose();
        _registrations.Clear();
        _keepAlives.Clear();
    }

    /// <summary>A fresh digest client for requests we send to a trunk (null when the trunk sets no OutboundAuth).</summary>
    public DigestClient? CreateTrunkDigestClient(TrunkPeer trunk) => trunk.OutboundAccount is { } account ? new DigestClient(account) : null;

    public void Dispose()
    {
        StopTrunkClients();
        Registrar.Dispose();
    }
}
