namespace Gateway.Sip.Transport;

public enum SipTransportProtocol
{
    Udp,
    Tcp,
    Tls,
}
