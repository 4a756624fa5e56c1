namespace Gateway.Core.Serial;

/// <summary>Checks a serial link address for configuration validation.</summary>
public static class SerialLinkAddressCheck
{
    /// <summary>Null when the address is usable, otherwise what is wrong with it.</summary>
    public static string? Describe(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
            return "must not be empty (e.g. serial:///dev/ttyUSB0?baud=115200, tcp://127.0.0.1:7001, rfc2217://127.0.0.1:7002)";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("serial" or "tcp" or "rfc2217"))
            return $"must be a serial://, tcp:// or rfc2217:// address (got '{address}')";
        return null;
    }
}
