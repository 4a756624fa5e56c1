namespace Gateway.Sip.Message.Syntax;

/// <summary>Character classes of the RFC 3261 §25 grammar, as table lookups on bytes.</summary>
internal static class SipCharClass
{
    private const byte Token = 1;
    private const byte UriUser = 2;
    private const byte UriPassword = 4;
    private const byte HostName = 8;
    private const byte ParamChar = 16;
    private const byte WordChar = 32;
    private const byte Unreserved = 64;

    private static readonly byte[] Table = BuildTable();

    private static byte[] BuildTable()
    {
        var table = new byte[256];
        for (var c = 'a'; c <= 'z'; c++) Mark(table, c, 0x7F);
        for (var c = 'A'; c <= 'Z'; c++) Mark(table, c, 0x7F);
        for (var c = '0'; c <= '9'; c++) Mark(table, c, 0x7F);
        // token = alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
        foreach (var c in "-.!%*_+`'~") Mark(table, c, Token | WordChar);
        // mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
        foreach (var c in "-_.!~*'()") Mark(table, c, UriUser | UriPassword | ParamChar | Unreserved);
        foreach (var c in "&=+$,;?/") Mark(table, c, UriUser);
        foreach (var c in "&=+$,") Mark(table, c, UriPassword);
        foreach (var c in "%") Mark(table, c, UriUser | UriPassword | ParamChar);
        // param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$"
        foreach (var c in "[]/:&+$") Mark(table, c, ParamChar);
        foreach (var c in "-.") Mark(table, c, HostName);
        // word adds ( ) < > : \ DQUOTE / [ ] ? { }
        foreach (var c in "()<>:\\\"/[]?{}") Mark(table, c, WordChar);
        return table;
    }

    private static void Mark(byte[] table, char c, int flags) => table[c] |= (byte)flags;

    public static bool IsToken(byte b) => (Table[b] & Token) != 0;
    public static bool IsUserChar(byte b) => (Table[b] & UriUser) != 0;
    public static bool IsPasswordChar(byte b) => (Table[b] & UriPassword) != 0;
    public static bool IsHostChar(byte b) => (Table[b] & HostName) != 0;
    public static bool IsParamChar(byte b) => (Table[b] & ParamChar) != 0;
    public static bool IsWordChar(byte b) => (Table[b] & WordChar) != 0;
    public static bool IsUnreserved(byte b) => (Table[b] & Unreserved) != 0;
    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
    public static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
    public static bool IsHexDigit(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;

    /// <summary>SP, HTAB, CR or LF: inside a header value CR/LF only appear as part of folding.</summary>
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static bool IsTokenSpan(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        foreach (var b in value)
        {
            if (!IsToken(b)) return false;
        }
        return true;
    }

    public static int HexValue(byte b) => IsDigit(b) ? b - '0' : (b | 0x20) - 'a' + 10;
}
