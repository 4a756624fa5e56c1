using System.Net;

namespace Gateway.Sip.Transport;

/// <summary>A message could not be sent (connection refused, reset, timed out, ...); the TU is told (RFC 3261 §8.1.3.1).</summary>
public sealed class SipTransportException(string message, IPEndPoint destination, Exception? inner = null) : Exception(message, inner)
{
    public IPEndPoint Destination { get; } = destination;
}
