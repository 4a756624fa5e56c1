using System.Net;
using Gateway.Host.Configuration;
using Gateway.Sip.Call;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>
/// <c>Gateway:Sip</c>: listeners, RTP range and routes. Off unless <see cref="Enabled"/>; empty lists take the
/// defaults anyone can test with (127.0.0.1:5060 UDP+TCP, 110 answered here). Trunks, phones, registrar and inbound
/// policy live in the same section, bound as <see cref="Gateway.Sip.Security.Configuration.SipEdgeOptions"/>.
/// </summary>
public sealed class SipOptions
{
    public const string Section = "Gateway:Sip";

    public bool Enabled { get; set; }
    public List<SipListenerOptions> Listeners { get; set; } = [];
    /// <summary>Address our SDP advertises and RTP legs bind to.</summary>
    public string MediaAddress { get; set; } = "127.0.0.1";
    public int RtpPortMin { get; set; } = 20000;
    public int RtpPortMax { get; set; } = 29999;
    /// <summary>How RTP legs receive: Auto (epoll threads on Linux, a receive loop per socket elsewhere), Epoll, SocketLoops.</summary>
    public RtpReceiveModel RtpReceiveModel { get; set; } = RtpReceiveModel.Auto;
    /// <summary>Epoll receive threads; 0 = one per processor.</summary>
    public int RtpReceiveThreads { get; set; }
    /// <summary>Linux nice value of the epoll receive threads (−20…19, 0 = as the process; negative needs CAP_SYS_NICE).</summary>
    public int RtpReceiveNice { get; set; } = -10;
    /// <summary>0 = normal scheduling; 1–99 = SCHED_FIFO priority of the epoll receive threads (needs CAP_SYS_NICE).</summary>
    public int RtpReceiveRealtimePriority { get; set; }
    public List<SipRouteOptions> Routes { get; set; } = [];
    /// <summary>RFC 4028 interval asked for and granted, seconds.</summary>
    public int SessionExpiresSeconds { get; set; } = 1800;

    /// <summary>
    /// While a bridged call's far leg rings without SDP (180), answer the caller 183 with our SDP and play the Chinese
    /// 450 Hz 1 s / 4 s ringback as early media; far-end early media (18x with SDP) is relayed instead. Default on:
    /// many carrier trunks play nothing on a bare 180, so the caller would hear silence.
    /// </summary>
    public bool LocalRingback { get; set; } = true;

    /// <summary>
    /// Milliseconds of 450 Hz 0.35 s / 0.35 s busy tone the caller hears (as early media) before a far leg's 486 / 600 /
    /// 603 is passed on; 0 (default) passes the failure at once, which most trunks expect.
    /// </summary>
    public int BusyToneMs { get; set; }

    /// <summary>WAV (any rate, mono or stereo) looped to a held party; empty: the held party hears silence.</summary>
    public string HoldMusic { get; set; } = "";

    /// <summary>Longest busy tone accepted: beyond this a trunk's own timers may give up on the call.</summary>
    public const int MaxBusyToneMs = 30_000;

    public IReadOnlyList<SipListenerOptions> EffectiveListeners => Listeners.Count > 0 ? Listeners :
        [new SipListenerOptions { Protocol = "udp", Address = "127.0.0.1:5060" }, new SipListenerOptions { Protocol = "tcp", Address = "127.0.0.1:5060" }];

    public IReadOnlyList<SipRouteOptions> EffectiveRoutes => Routes.Count > 0 ? Routes : [new SipRouteOptions { Prefix = "110", Target = "local:tone" }];
}

public sealed class SipListenerOptions
{
    /// <summary>udp or tcp.</summary>
    public string Protocol { get; set; } = "udp";
    /// <summary>address:port; port 0 picks a free one.</summary>
    public string Address { get; set; } = "127.0.0.1:5060";

    public string HealthName => $"sip:{Protocol.ToLowerInvariant()}:{Address}";
}

public sealed class SipRouteOptions
{
    /// <summary>Called-number prefix; "" matches everything; the longest match wins.</summary>
    public string Prefix { get; set; } = "";
    /// <summary>"uri:sip:user@1.2.3.4:5060", "user:alice", "local:tone" or "app:NAME[:ARGUMENT]" (conference, radio…).</summary>
    public string Target { get; set; } = "";
    /// <summary>Record this route's calls even when <c>Gateway:Sip:Recording:Enabled</c> is off.</summary>
    public bool Record { get; set; }
}

/// <summary>
/// Checks <see cref="SipOptions"/> at start. Routes to "app:NAME" are checked against the registered applications by
/// <see cref="ValidateApplicationRoutes"/> when the SIP stack starts, not here: applications depend on services that
/// read these options, and resolving them from the options validator would be a dependency cycle.
/// </summary>
internal sealed class SipOptionsValidator : IValidateOptions<SipOptions>
{
    public ValidateOptionsResult Validate(string? name, SipOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        for (var i = 0; i < options.Listeners.Count; i++)
        {
            var listener = options.Listeners[i];
            if (listener.Protocol.ToLowerInvariant() is not ("udp" or "tcp"))
                errors.Add(ConfigError.Format(SipOptions.Section, $"Listeners:{i}:Protocol", $"must be udp or tcp (got '{listener.Protocol}')"));
            if (!IPEndPoint.TryParse(listener.Address, out var endPoint) || endPoint.Port is < 0 or > 65535 || !listener.Address.Contains(':', StringComparison.Ordinal))
                errors.Add(ConfigError.Format(SipOptions.Section, $"Listeners:{i}:Address", $"must be address:port, e.g. 127.0.0.1:5060 (got '{listener.Address}')"));
        }
        if (!IPAddress.TryParse(options.MediaAddress, out _))
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.MediaAddress), $"must be an IP address (got '{options.MediaAddress}')"));
        if (options.RtpPortMin is < 1024 or > 65534 || options.RtpPortMin % 2 != 0)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.RtpPortMin), $"must be an even port 1024–65534 (got {options.RtpPortMin})"));
        if (options.RtpPortMax > 65535 || options.RtpPortMax < options.RtpPortMin + 3)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.RtpPortMax), $"must be ≤ 65535 and leave at least two port pairs above RtpPortMin (got {options.RtpPortMax})"));
        if (options.RtpReceiveModel == RtpReceiveModel.Epoll && !OperatingSystem.IsLinux())
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.RtpReceiveModel), "Epoll needs Linux (use Auto or SocketLoops)"));
        if (options.RtpReceiveThreads is < 0 or > 64)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.RtpReceiveThreads), $"must be 0 (one per processor) to 64 (got {options.RtpReceiveThreads})"));
        if (options.RtpReceiveNice is < -20 or > 19)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.RtpReceiveNice), $"must be a nice value −20…19 (got {options.RtpReceiveNice})"));
        if (options.RtpReceiveRealtimePriority is < 0 or > 99)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.RtpReceiveRealtimePriority), $"must be 0 (off) or a SCHED_FIFO priority 1–99 (got {options.RtpReceiveRealtimePriority})"));
        if (options.SessionExpiresSeconds < 90)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.SessionExpiresSeconds), $"must be at least 90 (RFC 4028 Min-SE; got {options.SessionExpiresSeconds})"));
        if (options.BusyToneMs is < 0 or > SipOptions.MaxBusyToneMs)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.BusyToneMs), $"must be 0–{SipOptions.MaxBusyToneMs} (got {options.BusyToneMs})"));
        if (!string.IsNullOrWhiteSpace(options.HoldMusic) && HoldMusicProblem(options.HoldMusic) is { } holdMusicProblem)
            errors.Add(ConfigError.Format(SipOptions.Section, nameof(SipOptions.HoldMusic), holdMusicProblem));
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            if (!route.Prefix.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
                errors.Add(ConfigError.Format(SipOptions.Section, $"Routes:{i}:Prefix", $"must be dialled digits (got '{route.Prefix}')"));
            if (CallRouteTarget.TryParse(route.Target, out var problem) is null)
                errors.Add(ConfigError.Format(SipOptions.Section, $"Routes:{i}:Target", problem));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Loads the hold music once to prove it plays (missing, not a WAV, more than two channels, empty).</summary>
    private static string? HoldMusicProblem(string path)
    {
        if (!File.Exists(path)) return $"file '{path}' not found (working directory {Environment.CurrentDirectory})";
        try
        {
            return Gateway.Sip.Media.Tones.WavPrompt.Load(path).Samples.IsEmpty ? $"'{path}' holds no audio" : null;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            return $"'{path}' is not a playable WAV: {e.Message}";
        }
    }

    /// <summary>Every "app:NAME[:ARG]" route names a registered application that accepts its argument.</summary>
    public static IReadOnlyList<string> ValidateApplicationRoutes(SipOptions options, IEnumerable<ICallApplication> applications)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Routes.Count; i++)
        {
            if (CallRouteTarget.TryParse(options.Routes[i].Target, out _) is not { Kind: CallRouteKind.Application } target) continue;
            var application = applications.FirstOrDefault(a => a.Name.Equals(target.Application, StringComparison.OrdinalIgnoreCase));
            var problem = application is null
                ? $"no call application '{target.Application}' (known: {string.Join(", ", applications.Select(a => a.Name).DefaultIfEmpty("none"))})"
                : application.ValidateArgument(target.Argument);
            if (problem is not null) errors.Add(ConfigError.Format(SipOptions.Section, $"Routes:{i}:Target", problem));
        }
        return errors;
    }
}
