namespace Gateway.Sip.Media.Transport;

/// <summary>
/// Where a player sends the RTP packets it makes: a leg directly, or a relayed stream that carries them to the leg as
/// part of the stream the far end already receives (<see cref="Relay.RelayedStream"/>).
/// </summary>
public interface IRtpSender
{
    /// <summary>SSRC the player writes (a relayed stream rewrites it to its own on the way out).</summary>
    uint LocalSsrc { get; }

    /// <summary>Sends one complete RTP datagram (which may be edited in place); false when it was not sent.</summary>
    bool Send(Span<byte> datagram);
}
