using System.Text;

namespace Gateway.Sip.Message;

/// <summary>Method names; well-known ones come back as the same string instance (no allocation per parse).</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";
    public const string Subscribe = "SUBSCRIBE";
    public const string Message = "MESSAGE";

    private static readonly string[] Known = [Invite, Ack, Bye, Cancel, Options, Register, Info, Update, Prack, Refer, Notify, Subscribe, Message];

    /// <summary>Methods are case-sensitive (RFC 3261 §7.1): only exact matches are interned.</summary>
    public static string Intern(ReadOnlySpan<byte> method)
    {
        foreach (var known in Known)
        {
            if (method.Length == known.Length && Ascii.Equals(method, known)) return known;
        }
        return Encoding.UTF8.GetString(method);
    }
}
