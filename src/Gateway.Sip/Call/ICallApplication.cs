using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Call;

/// <summary>
/// A call the gateway handles itself instead of bridging it to another SIP party: a conference room, a prompt, a
/// radio voice order… Routes reach it as "app:NAME[:ARGUMENT]". Other parts of the gateway (media, radio) register
/// theirs; the B2BUA only looks them up by <see cref="Name"/>.
/// </summary>
public interface ICallApplication
{
    /// <summary>Lower-case name used in routes ("conference" for "app:conference:room1").</summary>
    string Name { get; }

    /// <summary>
    /// Takes the call. The application must answer or reject <see cref="CallApplicationContext.Inbound"/>, call
    /// <see cref="CallApplicationContext.Answered"/> when it answers, and <see cref="CallApplicationContext.Ended"/>
    /// exactly once when the call is over (after its media is released).
    /// </summary>
    void Accept(CallApplicationContext context);

    /// <summary>Checks a route's argument at start-up; null when fine, else why not (reported with the route's key).</summary>
    string? ValidateArgument(string? argument) => null;
}

/// <summary>Everything an application needs for one call.</summary>
public sealed record CallApplicationContext(
    IncomingSession Inbound,
    string? Argument,
    CallRecord Record,
    CallMediaFactory Media,
    SdpNegotiator Negotiator,
    Action Answered,
    Action<SipSessionEnd> Ended)
{
    /// <summary>The route asks for its calls to be recorded (the application records when it can).</summary>
    public bool RecordRequested { get; init; }

    /// <summary>DTMF reporting and recording for calls (null when the B2BUA runs without them): applications hand it the legs digits may be sent on.</summary>
    public MediaFeatures.CallMediaFeatures? Features { get; init; }
}
