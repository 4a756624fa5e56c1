namespace Gateway.Core.At;

/// <summary>The final result code that ends an AT command (V.250, 27.007, 27.005).</summary>
public enum AtResultCode
{
    Ok,
    Error,

    /// <summary><c>+CME ERROR: n</c> (mobile equipment error, 27.007).</summary>
    CmeError,

    /// <summary><c>+CMS ERROR: n</c> (message service error, 27.005).</summary>
    CmsError,
    NoCarrier,
    Busy,
    NoAnswer,
    NoDialtone,

    /// <summary><c>CONNECT</c>, optionally followed by text such as a rate (<c>CONNECT 9600</c>).</summary>
    Connect,
}
