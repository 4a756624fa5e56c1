using System.Buffers.Text;

namespace Gateway.Core.At;

/// <summary>
/// Recognises final result codes in one received line (already stripped of CR/LF and
/// surrounding spaces). Allocation-free; never throws on malformed input.
/// </summary>
public static class AtFinalResultParser
{
    /// <summary>
    /// True when <paramref name="line"/> is a final result code. For <c>+CME/+CMS ERROR</c>,
    /// <paramref name="detail"/> is the text after the colon (a number, or verbose text with
    /// <c>AT+CMEE=2</c>); for <c>CONNECT</c> it is the text after the word; otherwise empty.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out AtResultCode code, out ReadOnlySpan<byte> detail)
    {
        detail = default;
        code = default;
        if (line.IsEmpty)
        {
            return false;
        }

        if (line[0] == (byte)'+')
        {
            if (TryParseError(line, "+CME ERROR:"u8, out detail))
            {
                code = AtResultCode.CmeError;
                return true;
            }

            if (TryParseError(line, "+CMS ERROR:"u8, out detail))
            {
                code = AtResultCode.CmsError;
                return true;
            }

            return false;
        }

        if (line.SequenceEqual("OK"u8))
        {
            code = AtResultCode.Ok;
            return true;
        }

        if (line.SequenceEqual("ERROR"u8))
        {
            code = AtResultCode.Error;
            return true;
        }

        if (line.SequenceEqual("NO CARRIER"u8))
        {
            code = AtResultCode.NoCarrier;
            return true;
        }

        if (line.SequenceEqual("BUSY"u8))
        {
            code = AtResultCode.Busy;
            return true;
        }

        if (line.SequenceEqual("NO ANSWER"u8))
        {
            code = AtResultCode.NoAnswer;
            return true;
        }

        if (line.SequenceEqual("NO DIALTONE"u8) || line.SequenceEqual("NO DIAL TONE"u8))
        {
            code = AtResultCode.NoDialtone;
            return true;
        }

        if (line.StartsWith("CONNECT"u8) && (line.Length == 7 || line[7] == (byte)' '))
        {
            code = AtResultCode.Connect;
            detail = line[7..].Trim((byte)' ');
            return true;
        }

        return false;
    }

    /// <summary>Parses a numeric error detail; false for verbose text.</summary>
    public static bool TryParseErrorNumber(ReadOnlySpan<byte> detail, out int number) =>
        Utf8Parser.TryParse(detail, out number, out int consumed) && consumed == detail.Length;

    private static bool TryParseError(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix, out ReadOnlySpan<byte> detail)
    {
        if (!line.StartsWith(prefix))
        {
            detail = default;
            return false;
        }

        detail = line[prefix.Length..].Trim((byte)' ');
        return true;
    }
}
